package dev.readmodel.core.event;

import java.time.Instant;
import java.util.Objects;

/**
 * The newest event a reader may see: its position and when it occurred. Used for lag.
 *
 * @param position global position of the newest readable event; {@code 0} for an empty store
 * @param occurredAt when that event occurred; {@link Instant#EPOCH} for an empty store
 */
public record StreamHead(long position, Instant occurredAt) {
    /** The head of an empty store. */
    public static final StreamHead EMPTY = new StreamHead(0, Instant.EPOCH);

    /** Rejects negative positions. */
    public StreamHead {
        if (position < 0) {
            throw new IllegalArgumentException("Head position must not be negative but was [" + position + "]");
        }
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
