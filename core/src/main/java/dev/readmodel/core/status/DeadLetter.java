package dev.readmodel.core.status;

import dev.readmodel.core.event.EventEnvelope;
import java.time.Instant;
import java.util.Objects;

/**
 * An event a projection parked because its handler kept failing on it.
 *
 * @param projection the projection that failed
 * @param event the event, as it was read
 * @param error the last failure's class and message
 * @param attempts how many times the handler was run on it
 * @param parkedAt when it was parked (or last replayed without success)
 */
public record DeadLetter(String projection, EventEnvelope event, String error, int attempts, Instant parkedAt) {
    /** Rejects nulls. */
    public DeadLetter {
        Objects.requireNonNull(projection, "projection");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(parkedAt, "parkedAt");
    }
}
