package dev.readmodel.micrometer.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The number of events each projection parked, counted again when older than its largest age: a durable
 * dead-letter store reads them from its database, too costly for every scrape. Thread-safe.
 */
public final class DeadLetterCounts {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterCounts.class);

    private record Count(int value, long takenAt) {
    }

    private final ToIntFunction<String> source;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Count> counts = new HashMap<>();

    /** Counts from {@code source}, each serving for {@code maxAge} as {@code nanoTime} tells time. */
    public DeadLetterCounts(ToIntFunction<String> source, Duration maxAge, LongSupplier nanoTime) {
        this.source = source;
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoTime = nanoTime;
    }

    /** The parked events of {@code projection}; the last count when a new one fails, {@code NaN} before any. */
    public synchronized double count(String projection) {
        long now = nanoTime.getAsLong();
        Count count = counts.get(projection);
        if (count == null || now - count.takenAt() >= maxAgeNanos) {
            try {
                count = new Count(source.applyAsInt(projection), now);
                counts.put(projection, count);
            } catch (RuntimeException e) {
                LOG.debug("Could not count the dead letters of projection [{}] for metrics", projection, e);
            }
        }
        return count == null ? Double.NaN : count.value();
    }
}
