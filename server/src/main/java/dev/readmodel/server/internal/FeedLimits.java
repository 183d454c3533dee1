package dev.readmodel.server.internal;

import dev.readmodel.server.FeedConfig;
import java.util.HashMap;
import java.util.Map;

/** Counts live feed connections, in total and per client address, against the configured bounds. Thread-safe. */
final class FeedLimits {
    private final int total;
    private final int perClient;
    private final Map<String, Integer> byClient = new HashMap<>();
    private int open;

    FeedLimits(FeedConfig config) {
        this.total = config.maxConnections();
        this.perClient = config.maxConnectionsPerClient();
    }

    /**
     * Checks that {@code client} may open a connection, without taking it.
     *
     * @throws ApiProblem 503 when the server holds its most connections, 429 when this client does
     */
    synchronized void check(String client) {
        if (open >= total) {
            throw new ApiProblem(503, "too-many-feeds", "Too many feed connections", "The server serves at most "
                    + total + " feed connections at once; try again later", Map.of("Retry-After", "5"));
        }
        if (byClient.getOrDefault(client, 0) >= perClient) {
            throw new ApiProblem(429, "too-many-feeds-from-client", "Too many feed connections from this client",
                    "A client may hold at most " + perClient + " feed connections at once; close one first",
                    Map.of("Retry-After", "5"));
        }
    }

    /** Takes a connection for {@code client}; see {@link #check}. */
    synchronized void acquire(String client) {
        check(client);
        open++;
        byClient.merge(client, 1, Integer::sum);
    }

    /** Gives back a connection {@link #acquire} took. */
    synchronized void release(String client) {
        open--;
        byClient.computeIfPresent(client, (c, n) -> n == 1 ? null : n - 1);
    }
}
