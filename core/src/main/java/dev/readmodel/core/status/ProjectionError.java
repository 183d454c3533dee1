package dev.readmodel.core.status;

import java.time.Instant;
import java.util.Objects;

/**
 * The last failure a projection met.
 *
 * @param position global position of the event being applied, or the first position of the batch
 *     being read or committed; {@code 0} when the failure was not tied to an event
 * @param eventType the event's type; {@code null} when not tied to one event
 * @param message what failed, with the cause's class and message
 * @param transientFailure whether it is being retried without limit (a store outage)
 * @param at when it happened
 */
public record ProjectionError(long position, String eventType, String message, boolean transientFailure, Instant at) {
    /** Rejects nulls where a value is required. */
    public ProjectionError {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(at, "at");
    }
}
