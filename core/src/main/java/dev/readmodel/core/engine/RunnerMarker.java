package dev.readmodel.core.engine;

import dev.readmodel.core.spi.CheckpointStore;
import dev.readmodel.core.spi.ReadModelStore;

/**
 * One runner's view of its projection's rebuild marker ({@link RebuildMarkers}): reads it from the
 * store into the status, stores and clears it for the rebuilds this engine runs, and remembers whether
 * an unfinished truncate rebuild waits to be resumed. Thread-safe: the status publishes each change
 * whole; the store calls throw what the store throws.
 */
final class RunnerMarker {
    private final String projection;
    private final ReadModelStore store;
    private final RunnerStatus status;
    /** A truncate rebuild was found unfinished: resume it before batches. */
    private volatile boolean resumePending;

    RunnerMarker(String projection, ReadModelStore store, RunnerStatus status) {
        this.projection = projection;
        this.store = store;
        this.status = status;
    }

    /** Reads the marker from the store into the status, once; an unfinished truncate rebuild is to resume. */
    void inspect() {
        CheckpointStore checkpoints = store.checkpoints();
        RebuildMarkers.Stored stored = RebuildMarkers.load(checkpoints, projection);
        boolean zeroDowntime = stored != null && stored.phase() == RebuildMarkers.Phase.ZERO_DOWNTIME;
        long shadow = zeroDowntime ? RebuildMarkers.shadowPosition(checkpoints, projection) : 0;
        resumePending = stored != null && !zeroDowntime;
        if (stored != null && stored.phase() == RebuildMarkers.Phase.REPLAYING
                && checkpoints.load(projection) >= stored.target()) {
            // the replay reached its target and only the clearing of the marker was lost: the read models
            // are whole; the resume on start replays nothing and clears it
            stored = null;
        }
        status.marker(stored, shadow, false);
    }

    /** The marker as the store has it now, without touching the status. */
    RebuildMarkers.Stored stored() {
        return RebuildMarkers.load(store.checkpoints(), projection);
    }

    /** Stores the marker of a rebuild this engine starts now. */
    void mark(RebuildMarkers.Phase phase, long target) {
        RebuildMarkers.Stored stored = new RebuildMarkers.Stored(phase, target);
        RebuildMarkers.store(store.checkpoints(), projection, stored);
        status.marker(stored, 0, true);
    }

    /** Shows a stored marker as the one this engine replays now. */
    void running(RebuildMarkers.Stored stored) {
        status.marker(stored, 0, true);
    }

    /** Clears the marker: the read models are whole (rebuilt, swapped in, or never touched). */
    void clear() {
        RebuildMarkers.clear(store.checkpoints(), projection);
        status.marker(null, 0, false);
        resumePending = false;
    }

    /** Notes that this engine no longer replays the marker's rebuild (cancelled, faulted, closing). */
    void stopped() {
        RebuildMarkers.Stored stored = status.marker();
        if (stored != null) {
            status.marker(stored, 0, false);
        }
    }

    boolean resumePending() {
        return resumePending;
    }

    void resumed() {
        resumePending = false;
    }
}
