package dev.readmodel.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of one projection's progress and health.
 *
 * @param projection the projection's name
 * @param mode how it runs
 * @param state where its runner is
 * @param checkpoint last committed position
 * @param head newest readable position of the event source when last observed
 * @param lagEvents positions between checkpoint and head
 * @param lag how far behind the head in event time: between the event at the checkpoint and the head
 *     event; zero when caught up
 * @param eventsPerSecond recent throughput of applied events
 * @param eventsApplied events applied since the engine started
 * @param retries consecutive failed attempts of the current batch (a non-zero value means it is retrying)
 * @param lastError the last failure, if any; cleared when a batch commits after transient failures
 * @param heartbeat when the runner last showed it was alive; a stale heartbeat means a stalled loop
 */
public record ProjectionStatus(String projection, ProjectionMode mode, ProjectionState state, long checkpoint,
        long head, long lagEvents, Duration lag, double eventsPerSecond, long eventsApplied, int retries,
        Optional<ProjectionError> lastError, Instant heartbeat) {
    /** Rejects nulls. */
    public ProjectionStatus {
        Objects.requireNonNull(projection, "projection");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lag, "lag");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(heartbeat, "heartbeat");
    }
}
