package dev.readmodel.core.query;

import dev.readmodel.core.error.InvalidQueryException;
import java.time.Duration;
import java.util.Objects;

/**
 * How fresh an answer must be: read-your-writes. With {@link #atLeast}, a query waits until the projection
 * owning the read model has committed at least {@code minPosition} (applied that event, or passed it as
 * one it ignores), up to {@code maxWait}, and is refused if it has not by then.
 *
 * @param minPosition the event-source position the answer must include, such as
 *     {@code AppendResult.lastPosition()} of the caller's own append; 0 for any answer
 * @param maxWait how long the query may wait for it (0 to 5 minutes)
 */
public record Consistency(long minPosition, Duration maxWait) {
    /** No wait: whatever the read model holds now. */
    public static final Consistency ANY = new Consistency(0, Duration.ZERO);

    /** Checks the bounds. */
    public Consistency {
        Objects.requireNonNull(maxWait, "maxWait");
        if (minPosition < 0) {
            throw new InvalidQueryException("Invalid minPosition [" + minPosition + "]: expected 0 or more");
        }
        if (maxWait.isNegative() || maxWait.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new InvalidQueryException("Invalid maxWait [" + maxWait + "]: expected 0 to 5 minutes");
        }
    }

    /** An answer that includes every event up to {@code position}, waiting up to {@code maxWait} for it. */
    public static Consistency atLeast(long position, Duration maxWait) {
        return new Consistency(position, maxWait);
    }
}
