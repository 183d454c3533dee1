package dev.readmodel.testkit.internal;

import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;

/**
 * How integration tests find the real server they need, the same way for every store: the server
 * named by configuration when given; otherwise a container when Docker is available; otherwise the
 * test is skipped with a message saying how to start the servers, except under CI, where a missing
 * server fails the run.
 */
public final class RealServer {
    private static final String HOW_TO_START = "start local servers with 'scripts/stores.sh up' and "
            + "'source .stores/env', or run 'scripts/test.sh', or install Docker for Testcontainers";

    private RealServer() {
    }

    /**
     * A setting from the system property {@code readmodel.<name>} (such as {@code readmodel.postgres.url})
     * or else the environment variable {@code READMODEL_<NAME>} ({@code READMODEL_POSTGRES_URL}).
     */
    public static Optional<String> setting(String name) {
        String property = System.getProperty("readmodel." + name);
        if (property != null && !property.isBlank()) {
            return Optional.of(property);
        }
        String env = System.getenv("READMODEL_" + name.toUpperCase(Locale.ROOT).replace('.', '_'));
        return env == null || env.isBlank() ? Optional.empty() : Optional.of(env);
    }

    /**
     * Whether this test run targets the current release of {@code store}'s server rather than the default
     * one: the system property {@code readmodel.<store>.engine=current}, which a store module's second
     * failsafe execution sets (such as {@code elasticsearch-current}).
     */
    public static boolean currentEngine(String store) {
        return "current".equals(System.getProperty("readmodel." + store + ".engine"));
    }

    /**
     * A port binding {@code "hostPort:containerPort"} on a free host port, for a container that the outage
     * drills stop and start: Docker gives a restarted container a new random port, and the stores'
     * URLs must stay right.
     */
    public static String fixedPortBinding(int containerPort) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort() + ":" + containerPort;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("No free port for a container", e);
        }
    }

    /** Whether this run is CI's, where every integration test must run ({@code CI=true}). */
    public static boolean underCi() {
        return "true".equalsIgnoreCase(System.getenv("CI")) || Boolean.getBoolean("readmodel.ci");
    }

    /**
     * The configured server, else a container, else a skip (or, under CI, a failure).
     *
     * @param store the store's setting name, for messages ({@code elastic}, {@code elastic.current})
     * @param configured the server named by configuration, if any
     * @param dockerAvailable whether a Docker engine answers
     * @param container starts a container and returns its server
     * @throws IllegalStateException under CI when neither is available
     */
    public static <T> T resolve(String store, Optional<T> configured, BooleanSupplier dockerAvailable,
            Supplier<T> container) {
        if (configured.isPresent()) {
            return configured.get();
        }
        if (dockerAvailable.getAsBoolean()) {
            return container.get();
        }
        return unavailable("No " + store + " for the integration tests: set READMODEL_"
                + store.toUpperCase(Locale.ROOT).replace('.', '_') + "_URL; " + HOW_TO_START);
    }

    /**
     * Skips the test with {@code message} saying what is missing, or, under CI, fails it.
     *
     * @throws IllegalStateException under CI
     */
    public static <T> T unavailable(String message) {
        if (underCi()) {
            throw new IllegalStateException(message + ". Under CI every integration test must run.");
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }
}
