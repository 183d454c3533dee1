package dev.readmodel.core.engine;

import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.event.StreamHead;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.status.ProjectionError;
import dev.readmodel.core.status.ProjectionState;
import dev.readmodel.core.status.ProjectionStatus;
import dev.readmodel.core.status.RebuildMarker;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The live state of one projection, written by whichever thread runs its batches, read by anyone.
 * Thread-safe: every change replaces one immutable {@link Fields} value under this object's monitor and
 * publishes it through one volatile reference, so that a reader never sees half of a change (a
 * checkpoint without its count, a retry without its cause); each change signals the engine's
 * {@link ProgressSignal}.
 */
final class RunnerStatus {
    /** An unfinished rebuild: what is stored, how far the shadow copies got, whether this engine runs it. */
    private record Marker(RebuildMarkers.Stored stored, long shadowPosition, boolean running) {
    }

    /** Everything a snapshot shows, as one value. {@code markerChanges} counts marker changes. */
    private record Fields(ProjectionState state, long checkpoint, Instant checkpointTime, StreamHead head,
            long applied, int retries, ProjectionError lastError, Instant heartbeat, Marker marker,
            long markerChanges) {
        Fields beat() {
            return new Fields(state, checkpoint, checkpointTime, head, applied, retries, lastError, Instant.now(),
                    marker, markerChanges);
        }

        Fields error(ProjectionError error, int retryCount) {
            return new Fields(state, checkpoint, checkpointTime, head, applied, retryCount, error, Instant.now(),
                    marker, markerChanges);
        }
    }

    private final String projection;
    private final ProjectionMode mode;
    private final ProgressSignal signal;
    private final RateMeter rate = new RateMeter();
    private volatile Fields fields = new Fields(ProjectionState.STARTING, 0, Instant.EPOCH, StreamHead.EMPTY, 0, 0,
            null, Instant.now(), null, 0);
    private volatile long readable;

    /** A status nobody waits on (a rebuild's shadow copies, tests). */
    RunnerStatus(String projection, ProjectionMode mode) {
        this(projection, mode, new ProgressSignal());
    }

    RunnerStatus(String projection, ProjectionMode mode, ProgressSignal signal) {
        this.projection = projection;
        this.mode = mode;
        this.signal = signal;
    }

    private void update(UnaryOperator<Fields> change) {
        synchronized (this) { // writers in turn: a rebuild's marker and the runner's commit must not undo each other
            fields = change.apply(fields);
        }
        signal.signal();
    }

    ProjectionState state() {
        return fields.state();
    }

    void state(ProjectionState value) {
        update(f -> new Fields(value, f.checkpoint(), f.checkpointTime(), f.head(), f.applied(), f.retries(),
                f.lastError(), Instant.now(), f.marker(), f.markerChanges()));
    }

    long checkpoint() {
        return fields.checkpoint();
    }

    /**
     * The checkpoint up to which queries see the writes: that of the last commit whose writes the store
     * made visible at once. A store may leave a catch-up batch (one not reaching the head) to become
     * visible with the next batch that does ({@code WriteBatch#reachesHead}), so read-your-writes waits
     * for this rather than for {@link #checkpoint()}.
     */
    long readableCheckpoint() {
        return readable;
    }

    void checkpoint(long position) {
        readable = position; // set directly: loaded from the store, reset by a truncation, or swapped in whole
        update(f -> new Fields(f.state(), position, f.checkpointTime(), f.head(), f.applied(), f.retries(),
                f.lastError(), f.heartbeat(), f.marker(), f.markerChanges()));
    }

    void head(StreamHead value) {
        update(f -> new Fields(f.state(), f.checkpoint(), f.checkpointTime(), value, f.applied(), f.retries(),
                f.lastError(), f.heartbeat(), f.marker(), f.markerChanges()));
    }

    /** Failures retried since the last success. */
    int retries() {
        return fields.retries();
    }

    /** The newest position the source reported. */
    long headPosition() {
        return fields.head().position();
    }

    void beat() {
        update(Fields::beat);
    }

    void committed(long newCheckpoint, int events, EventEnvelope last) {
        committed(newCheckpoint, events, last, true);
    }

    /** A commit; {@code visible} when its writes are visible to queries at once (it reached the head). */
    void committed(long newCheckpoint, int events, EventEnvelope last, boolean visible) {
        if (visible) {
            readable = newCheckpoint; // before the update, whose signal wakes the waiters that read it
        }
        rate.record(events, System.nanoTime());
        update(f -> new Fields(f.state(), newCheckpoint, last == null ? f.checkpointTime() : last.occurredAt(), f.head(),
                f.applied() + events, f.retries(), f.lastError(), f.heartbeat(), f.marker(), f.markerChanges())
                .error(outageOver(f), 0));
    }

    /** The store or source answered again: an outage being retried is over. */
    void reachedStore() {
        update(f -> f.error(outageOver(f), 0));
    }

    private static ProjectionError outageOver(Fields f) {
        return f.retries() > 0 && f.lastError() != null && f.lastError().transientFailure() ? null : f.lastError();
    }

    void failed(long position, String eventType, Throwable cause, boolean transientFailure) {
        ProjectionError error = new ProjectionError(position, eventType, describe(cause), transientFailure, Instant.now());
        update(f -> f.error(error, f.retries() + 1));
    }

    void faulted(long position, String eventType, Throwable cause) {
        ProjectionError error = new ProjectionError(position, eventType, describe(cause), false, Instant.now());
        update(f -> new Fields(ProjectionState.FAULTED, f.checkpoint(), f.checkpointTime(), f.head(), f.applied(),
                f.retries(), error, Instant.now(), f.marker(), f.markerChanges()));
    }

    /**
     * Shows a failure that stopped work besides the runner's own batches (a rebuild's read or commit),
     * without counting a retry or faulting the projection.
     */
    void noted(long position, Throwable cause) {
        ProjectionError error = new ProjectionError(position, null, describe(cause), false, Instant.now());
        // a fault's own error stays: it names the event the projection stopped at
        update(f -> f.state() == ProjectionState.FAULTED ? f : f.error(error, f.retries()));
    }

    void clearFault() {
        update(f -> f.error(null, 0));
    }

    /** Shows the runner as stopped, unless it stopped at a fault, which stays visible. */
    void stopped() {
        update(f -> f.state() == ProjectionState.FAULTED ? f : new Fields(ProjectionState.STOPPED, f.checkpoint(),
                f.checkpointTime(), f.head(), f.applied(), f.retries(), f.lastError(), Instant.now(), f.marker(),
                f.markerChanges()));
    }

    /** The stored marker, or {@code null}. */
    RebuildMarkers.Stored marker() {
        Marker m = fields.marker();
        return m == null ? null : m.stored();
    }

    /** Records the stored marker ({@code null}: none) and whether this engine is replaying it. */
    void marker(RebuildMarkers.Stored stored, long shadowPosition, boolean running) {
        Marker next = stored == null ? null : new Marker(stored, shadowPosition, running);
        update(f -> {
            Marker before = f.marker();
            boolean change = before == null ? stored != null : !before.stored().equals(stored);
            return new Fields(f.state(), f.checkpoint(), f.checkpointTime(), f.head(), f.applied(), f.retries(),
                    f.lastError(), f.heartbeat(), next, f.markerChanges() + (change ? 1 : 0));
        });
    }

    /** How far a running zero-downtime rebuild's shadow copies got; a cleared marker stays cleared. */
    void shadowPosition(long position) {
        update(f -> f.marker() == null ? f : new Fields(f.state(), f.checkpoint(), f.checkpointTime(), f.head(),
                f.applied(), f.retries(), f.lastError(), f.heartbeat(),
                new Marker(f.marker().stored(), position, f.marker().running()), f.markerChanges()));
    }

    long markerChanges() {
        return fields.markerChanges();
    }

    /** The unfinished rebuild as the public type, with the current progress. */
    Optional<RebuildMarker> rebuild() {
        return rebuild(fields);
    }

    private static Optional<RebuildMarker> rebuild(Fields f) {
        Marker m = f.marker();
        if (m == null) {
            return Optional.empty();
        }
        RebuildMarker.Kind kind = m.stored().phase().kind();
        long position = kind == RebuildMarker.Kind.TRUNCATE
                ? (m.stored().phase() == RebuildMarkers.Phase.TRUNCATING ? 0 : f.checkpoint()) : m.shadowPosition();
        return Optional.of(new RebuildMarker(kind, m.stored().target(), position, m.running()));
    }

    /** The status as one consistent value: every field from the same change. */
    ProjectionStatus snapshot() {
        Fields f = fields;
        StreamHead h = f.head();
        long lagEvents = Math.max(0, h.position() - f.checkpoint());
        Duration lag = lagEvents == 0 || f.checkpointTime().equals(Instant.EPOCH) ? Duration.ZERO
                : Duration.between(f.checkpointTime(), h.occurredAt());
        if (lag.isNegative()) {
            lag = Duration.ZERO;
        }
        return new ProjectionStatus(projection, mode, f.state(), f.checkpoint(), h.position(), lagEvents, lag,
                rate.perSecond(System.nanoTime()), f.applied(), f.retries(), Optional.ofNullable(f.lastError()),
                f.heartbeat(), rebuild(f));
    }

    static String describe(Throwable cause) {
        StringBuilder text = new StringBuilder();
        Throwable t = cause;
        for (int depth = 0; t != null && depth < 4; depth++, t = t.getCause()) {
            if (depth > 0) {
                text.append("; caused by ");
            }
            text.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                text.append(": ").append(t.getMessage());
            }
        }
        return text.toString();
    }
}
