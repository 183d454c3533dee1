package dev.readmodel.core.memory;

import dev.readmodel.core.spi.ProjectionLock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Leases held in this process: for engines sharing one JVM (and for tests of failover). Share one
 * instance between the engines that must exclude each other.
 */
public final class InMemoryProjectionLock implements ProjectionLock {
    private final ConcurrentHashMap<String, Object> holders = new ConcurrentHashMap<>();

    @Override
    public Optional<Lease> tryAcquire(String projection) {
        Objects.requireNonNull(projection, "projection");
        Object token = new Object();
        if (holders.putIfAbsent(projection, token) != null) {
            return Optional.empty();
        }
        return Optional.of(new Lease() {
            @Override
            public boolean isHeld() {
                return holders.get(projection) == token;
            }

            @Override
            public void close() {
                holders.remove(projection, token);
            }
        });
    }
}
