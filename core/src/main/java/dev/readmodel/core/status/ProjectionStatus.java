package dev.readmodel.core.status;

import dev.readmodel.core.projection.ProjectionMode;
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
 * @param rebuild the rebuild that has not finished, if any, with how far it got; while it is a truncate
 *     rebuild ({@link RebuildMarker#partial()}), queries on the projection's read models answer from a
 *     read model that is only partly rebuilt
 * @param queryCache how its read models' query cache has served ({@link QueryCacheStats#NONE} when it is off)
 */
public record ProjectionStatus(String projection, ProjectionMode mode, ProjectionState state, long checkpoint,
        long head, long lagEvents, Duration lag, double eventsPerSecond, long eventsApplied, int retries,
        Optional<ProjectionError> lastError, Instant heartbeat, Optional<RebuildMarker> rebuild,
        QueryCacheStats queryCache) {
    /** A status without query-cache figures. */
    public ProjectionStatus(String projection, ProjectionMode mode, ProjectionState state, long checkpoint,
            long head, long lagEvents, Duration lag, double eventsPerSecond, long eventsApplied, int retries,
            Optional<ProjectionError> lastError, Instant heartbeat, Optional<RebuildMarker> rebuild) {
        this(projection, mode, state, checkpoint, head, lagEvents, lag, eventsPerSecond, eventsApplied, retries,
                lastError, heartbeat, rebuild, QueryCacheStats.NONE);
    }

    /** A status without an unfinished rebuild. */
    public ProjectionStatus(String projection, ProjectionMode mode, ProjectionState state, long checkpoint,
            long head, long lagEvents, Duration lag, double eventsPerSecond, long eventsApplied, int retries,
            Optional<ProjectionError> lastError, Instant heartbeat) {
        this(projection, mode, state, checkpoint, head, lagEvents, lag, eventsPerSecond, eventsApplied, retries,
                lastError, heartbeat, Optional.empty(), QueryCacheStats.NONE);
    }

    /** Rejects nulls. */
    public ProjectionStatus {
        Objects.requireNonNull(projection, "projection");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lag, "lag");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(heartbeat, "heartbeat");
        Objects.requireNonNull(rebuild, "rebuild");
        Objects.requireNonNull(queryCache, "queryCache");
    }

    /** This status with {@code stats} as its query-cache figures. */
    public ProjectionStatus withQueryCache(QueryCacheStats stats) {
        return new ProjectionStatus(projection, mode, state, checkpoint, head, lagEvents, lag, eventsPerSecond,
                eventsApplied, retries, lastError, heartbeat, rebuild, stats);
    }

    /** Whether answers from this projection's read models may be partial: a truncate rebuild has not finished. */
    public boolean partial() {
        return rebuild.map(RebuildMarker::partial).orElse(false);
    }
}
