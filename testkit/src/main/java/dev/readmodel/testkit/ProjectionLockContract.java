package dev.readmodel.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.spi.ProjectionLock;
import dev.readmodel.core.spi.ProjectionLock.Lease;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ProjectionLock} must do, checked against the real backend: one holder of a
 * projection's lease at a time among the instances sharing a backend, until it closes the lease. How a
 * backend loses a lease when its holder dies (a database session ending) is the backend's own and is
 * tested by its own tests. Each test uses projection names of its own, so other leases may be held.
 */
public abstract class ProjectionLockContract {
    /**
     * The lock as one engine instance has it. Each call stands for another instance running the same
     * projections against the same backend: a new object for a lock kept in a server, the one shared
     * object for a lock kept in this process.
     */
    protected abstract ProjectionLock instance();

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<Lease> taken = new ArrayList<>();

    private String projection(String name) {
        return name + "-" + run;
    }

    /** Tries to take the lease through {@code lock}; a lease taken is closed after the test. */
    private Optional<Lease> acquire(ProjectionLock lock, String projection) {
        Optional<Lease> lease = lock.tryAcquire(projection);
        lease.ifPresent(taken::add);
        return lease;
    }

    @AfterEach
    void closeLeases() {
        taken.forEach(Lease::close);
    }

    @Test
    void aFreeLeaseIsTakenAndHeld() {
        Lease lease = acquire(instance(), projection("free")).orElseThrow();
        assertThat(lease.isHeld()).isTrue();
    }

    @Test
    void whileOneInstanceHoldsALeaseNoOtherGetsIt() {
        ProjectionLock holder = instance();
        Lease lease = acquire(holder, projection("held")).orElseThrow();
        ProjectionLock other = instance();
        for (int attempt = 0; attempt < 3; attempt++) {
            assertThat(acquire(other, projection("held"))).as("attempt %d", attempt).isEmpty();
            assertThat(acquire(instance(), projection("held"))).as("attempt %d, a third instance", attempt).isEmpty();
        }
        assertThat(lease.isHeld()).as("refusing others leaves the holder's lease alone").isTrue();
    }

    @Test
    void closingALeaseLetsAnotherInstanceTakeIt() {
        ProjectionLock first = instance();
        ProjectionLock second = instance();
        Lease lease = acquire(first, projection("handover")).orElseThrow();
        lease.close();
        assertThat(lease.isHeld()).isFalse();

        Lease next = acquire(second, projection("handover")).orElseThrow();
        assertThat(next.isHeld()).isTrue();
        assertThat(acquire(first, projection("handover"))).as("now the second instance holds it").isEmpty();
        next.close();
        assertThat(acquire(first, projection("handover"))).as("and gives it back by closing").isPresent();
    }

    @Test
    void closingALeaseAgainDoesNotEndTheNextHoldersLease() {
        Lease lease = acquire(instance(), projection("late-close")).orElseThrow();
        lease.close();
        lease.close();
        Lease next = acquire(instance(), projection("late-close")).orElseThrow();
        lease.close();

        assertThat(lease.isHeld()).isFalse();
        assertThat(next.isHeld()).isTrue();
        assertThat(acquire(instance(), projection("late-close"))).isEmpty();
    }

    @Test
    void leasesOfDifferentProjectionsAreIndependent() {
        ProjectionLock first = instance();
        ProjectionLock second = instance();
        Lease orders = acquire(first, projection("orders")).orElseThrow();
        // names that differ only in case or by a suffix are other projections
        Lease upper = acquire(second, projection("Orders")).orElseThrow();
        Lease longer = acquire(second, projection("orders") + "-2").orElseThrow();
        Lease customers = acquire(second, projection("customers")).orElseThrow();
        assertThat(List.of(orders, upper, longer, customers)).allSatisfy(l -> assertThat(l.isHeld()).isTrue());

        customers.close();
        assertThat(orders.isHeld()).as("closing another projection's lease").isTrue();
        assertThat(acquire(second, projection("orders"))).isEmpty();
        assertThat(acquire(first, projection("customers"))).isPresent();
    }

    @Test
    void ofInstancesRacingForAFreeLeaseExactlyOneGetsIt() throws Exception {
        int instances = 8;
        String name = projection("race");
        List<ProjectionLock> locks = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            locks.add(instance());
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        List<Lease> winners = new ArrayList<>();
        try {
            List<Future<Optional<Lease>>> tries = new ArrayList<>();
            for (ProjectionLock lock : locks) {
                tries.add(pool.submit(() -> {
                    start.await();
                    return lock.tryAcquire(name);
                }));
            }
            start.countDown();
            for (Future<Optional<Lease>> attempt : tries) {
                attempt.get().ifPresent(winners::add);
            }
        } finally {
            pool.shutdownNow();
            taken.addAll(winners);
        }
        assertThat(winners).hasSize(1);
        assertThat(winners.get(0).isHeld()).isTrue();
    }
}
