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

/** The live state of one projection, written by whichever thread runs its batches, read by anyone. */
final class RunnerStatus {
    private final String projection;
    private final ProjectionMode mode;
    private final RateMeter rate = new RateMeter();
    private volatile ProjectionState state = ProjectionState.STARTING;
    private volatile long checkpoint;
    private volatile Instant checkpointTime = Instant.EPOCH;
    private volatile StreamHead head = StreamHead.EMPTY;
    private volatile long applied;
    private volatile int retries;
    private volatile ProjectionError lastError;
    private volatile Instant heartbeat = Instant.now();
    /** The unfinished rebuild as last stored or loaded; {@code null} for none. */
    private volatile Marker marker;
    /** Counts marker changes, so that a query can tell whether a rebuild began or ended while it ran. */
    private volatile long markerChanges;

    /** An unfinished rebuild: what is stored, how far the shadow copies got, whether this engine runs it. */
    private record Marker(RebuildMarkers.Stored stored, long shadowPosition, boolean running) {
    }

    RunnerStatus(String projection, ProjectionMode mode) {
        this.projection = projection;
        this.mode = mode;
    }

    ProjectionState state() {
        return state;
    }

    void state(ProjectionState value) {
        state = value;
        beat();
    }

    long checkpoint() {
        return checkpoint;
    }

    void checkpoint(long position) {
        checkpoint = position;
    }

    void head(StreamHead value) {
        head = value;
    }

    /** Failures retried since the last success. */
    int retries() {
        return retries;
    }

    /** The newest position the source reported. */
    long headPosition() {
        return head.position();
    }

    void beat() {
        heartbeat = Instant.now();
    }

    void committed(long newCheckpoint, int events, EventEnvelope last) {
        checkpoint = newCheckpoint;
        if (last != null) {
            checkpointTime = last.occurredAt();
        }
        applied += events;
        rate.record(events, System.nanoTime());
        reachedStore();
    }

    /** The store or source answered again: an outage being retried is over. */
    void reachedStore() {
        if (retries > 0 && lastError != null && lastError.transientFailure()) {
            lastError = null;
        }
        retries = 0;
        beat();
    }

    void failed(long position, String eventType, Throwable cause, boolean transientFailure) {
        // the error before the count, so that a snapshot that sees the retry also sees its cause
        lastError = new ProjectionError(position, eventType, describe(cause), transientFailure, Instant.now());
        retries++;
        beat();
    }

    void faulted(long position, String eventType, Throwable cause) {
        lastError = new ProjectionError(position, eventType, describe(cause), false, Instant.now());
        state = ProjectionState.FAULTED;
        beat();
    }

    void clearFault() {
        lastError = null;
        retries = 0;
    }

    /** The stored marker, or {@code null}. */
    RebuildMarkers.Stored marker() {
        Marker m = marker;
        return m == null ? null : m.stored();
    }

    /** Records the stored marker ({@code null}: none) and whether this engine is replaying it. */
    synchronized void marker(RebuildMarkers.Stored stored, long shadowPosition, boolean running) {
        Marker before = marker;
        marker = stored == null ? null : new Marker(stored, shadowPosition, running);
        if (before == null ? stored != null : !before.stored().equals(stored)) {
            markerChanges++;
        }
    }

    /** How far a running zero-downtime rebuild's shadow copies got. */
    synchronized void shadowPosition(long position) { // with marker(): a clear must not be undone
        Marker m = marker;
        if (m != null) {
            marker = new Marker(m.stored(), position, m.running());
        }
    }

    long markerChanges() {
        return markerChanges;
    }

    /** The unfinished rebuild as the public type, with the current progress. */
    Optional<RebuildMarker> rebuild() {
        Marker m = marker;
        if (m == null) {
            return Optional.empty();
        }
        RebuildMarker.Kind kind = m.stored().phase().kind();
        long position = kind == RebuildMarker.Kind.TRUNCATE
                ? (m.stored().phase() == RebuildMarkers.Phase.TRUNCATING ? 0 : checkpoint) : m.shadowPosition();
        return Optional.of(new RebuildMarker(kind, m.stored().target(), position, m.running()));
    }

    ProjectionStatus snapshot() {
        StreamHead h = head;
        long cp = checkpoint;
        long lagEvents = Math.max(0, h.position() - cp);
        Duration lag = lagEvents == 0 || checkpointTime.equals(Instant.EPOCH) ? Duration.ZERO
                : Duration.between(checkpointTime, h.occurredAt());
        if (lag.isNegative()) {
            lag = Duration.ZERO;
        }
        return new ProjectionStatus(projection, mode, state, cp, h.position(), lagEvents, lag,
                rate.perSecond(System.nanoTime()), applied, retries, Optional.ofNullable(lastError), heartbeat, rebuild());
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
