package dev.readmodel.core.engine;

import dev.readmodel.core.error.ConfigurationException;
import java.time.Duration;

/**
 * How the engine reads and retries. Validated when built: a bad value fails at once with its name.
 *
 * @param batchSize events read and committed together while catching up and live (1 to 100,000)
 * @param rebuildBatchSize events per batch during a rebuild (1 to 100,000); larger batches mean fewer,
 *     bigger writes
 * @param pollInterval longest wait for new events before reading again, when the event source cannot
 *     signal them (1 ms to 1 minute); also how often an idle runner beats its heartbeat
 * @param retryInitialDelay first backoff after a failure (1 ms to 1 minute)
 * @param retryMaxDelay longest backoff (at least the initial delay, at most 1 hour)
 * @param documentCacheSize documents each projection keeps between batches to avoid re-reading hot
 *     keys (0 to 10,000,000; 0 turns the cache off)
 * @param stopTimeout how long {@code close()} waits for runners to finish their batch (0 to 10 minutes)
 * @param queryCacheSize answers each read model keeps from {@code query} and {@code aggregate}, dropped
 *     by the commits that change the read model (by id for by-id lookups); 0 to 1,000,000, 0 (the
 *     default) turns the cache off
 */
public record EngineConfig(int batchSize, int rebuildBatchSize, Duration pollInterval, Duration retryInitialDelay,
        Duration retryMaxDelay, int documentCacheSize, Duration stopTimeout, int queryCacheSize) {

    /** Batches of 500 (5,000 in rebuilds), 500 ms polls, backoff from 100 ms to 30 s, 100,000 cached documents, no query cache. */
    public static final EngineConfig DEFAULT = new EngineConfig(500, 5_000, Duration.ofMillis(500),
            Duration.ofMillis(100), Duration.ofSeconds(30), 100_000, Duration.ofSeconds(30), 0);

    /** Checks every bound; see the component descriptions. */
    public EngineConfig {
        requireRange("batchSize", batchSize, 1, 100_000);
        requireRange("rebuildBatchSize", rebuildBatchSize, 1, 100_000);
        requireRange("documentCacheSize", documentCacheSize, 0, 10_000_000);
        requireRange("queryCacheSize", queryCacheSize, 0, 1_000_000);
        requireDuration("pollInterval", pollInterval, Duration.ofMillis(1), Duration.ofMinutes(1));
        requireDuration("retryInitialDelay", retryInitialDelay, Duration.ofMillis(1), Duration.ofMinutes(1));
        requireDuration("retryMaxDelay", retryMaxDelay, retryInitialDelay, Duration.ofHours(1));
        requireDuration("stopTimeout", stopTimeout, Duration.ZERO, Duration.ofMinutes(10));
    }

    /** This config with another batch size. */
    public EngineConfig withBatchSize(int value) {
        return new EngineConfig(value, rebuildBatchSize, pollInterval, retryInitialDelay, retryMaxDelay,
                documentCacheSize, stopTimeout, queryCacheSize);
    }

    /** This config with another rebuild batch size. */
    public EngineConfig withRebuildBatchSize(int value) {
        return new EngineConfig(batchSize, value, pollInterval, retryInitialDelay, retryMaxDelay, documentCacheSize,
                stopTimeout, queryCacheSize);
    }

    /** This config with another poll interval. */
    public EngineConfig withPollInterval(Duration value) {
        return new EngineConfig(batchSize, rebuildBatchSize, value, retryInitialDelay, retryMaxDelay,
                documentCacheSize, stopTimeout, queryCacheSize);
    }

    /** This config with other backoff bounds. */
    public EngineConfig withRetryDelays(Duration initial, Duration max) {
        return new EngineConfig(batchSize, rebuildBatchSize, pollInterval, initial, max, documentCacheSize,
                stopTimeout, queryCacheSize);
    }

    /** This config with another document cache size. */
    public EngineConfig withDocumentCacheSize(int value) {
        return new EngineConfig(batchSize, rebuildBatchSize, pollInterval, retryInitialDelay, retryMaxDelay, value,
                stopTimeout, queryCacheSize);
    }

    /** This config with another query cache size (0 turns it off). */
    public EngineConfig withQueryCacheSize(int value) {
        return new EngineConfig(batchSize, rebuildBatchSize, pollInterval, retryInitialDelay, retryMaxDelay,
                documentCacheSize, stopTimeout, value);
    }

    private static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ConfigurationException("Invalid " + name + " [" + value + "]: expected " + min + " to " + max);
        }
    }

    private static void requireDuration(String name, Duration value, Duration min, Duration max) {
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new ConfigurationException("Invalid " + name + " [" + value + "]: expected " + min + " to " + max);
        }
    }
}
