package dev.readmodel.core.engine;

import dev.readmodel.core.error.CancelledException;
import dev.readmodel.core.error.ReadModelException;
import dev.readmodel.core.event.EventSource;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.status.ProjectionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live runner's step: one batch through {@link ReadApplyLoop}, and what it changes besides its
 * commit: the state the status shows, the end of a cancelled truncate rebuild that the runner's own
 * batches finished, and the fault when a batch cannot commit. A failed read is retried on the next
 * step, after its backoff. Used by the runner's thread, under the runner's lock.
 */
final class LiveStep {
    private static final Logger LOG = LoggerFactory.getLogger(LiveStep.class);

    private final String projection;
    private final ProjectionMode mode;
    private final ApplyTarget target;
    private final RunnerState state;
    private final RunnerMarker marker;
    private final Retrier retrier;
    private final BatchSource reads;

    LiveStep(Projection projection, ProjectionMode mode, ApplyTarget target, RunnerState state, RunnerMarker marker,
            Retrier retrier, EventSource source, int batchSize) {
        this.projection = projection.name();
        this.mode = mode;
        this.target = target;
        this.state = state;
        this.marker = marker;
        this.retrier = retrier;
        BatchSource direct = BatchSource.direct(source, projection, batchSize);
        RunnerStatus status = target.status();
        this.reads = after -> {
            try {
                return direct.next(after);
            } catch (ReadModelException e) {
                retrier.backOff(e, status.retries() + 1);
                return null;
            }
        };
    }

    /**
     * Reads and applies one batch; {@code true} when there was nothing new to read.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    boolean run(long catchUpTarget) throws InterruptedException {
        RunnerStatus status = target.status();
        long checkpoint = status.checkpoint();
        Progress progress = new Progress(catchUpTarget);
        ReadApplyLoop.Plan plan = new ReadApplyLoop.Plan(ReadApplyLoop.Applying.POLICY, 1, () -> !state.isActive(),
                progress);
        try {
            ReadApplyLoop.End end = ReadApplyLoop.run(reads, target, checkpoint, plan);
            if (end == ReadApplyLoop.End.CAUGHT_UP) {
                status.reachedStore();
                if (status.state() != ProjectionState.LIVE && mode != ProjectionMode.CATCH_UP) {
                    status.state(ProjectionState.LIVE);
                }
                return true;
            }
            if (end == ReadApplyLoop.End.FAULTED) {
                state.fault();
                LOG.error("Projection [{}] is faulted after checkpoint [{}]: {}", projection, checkpoint,
                        status.snapshot().lastError().map(e -> e.message()).orElse("?"));
            }
        } catch (CancelledException e) {
            target.cache().clear(); // interrupted mid-batch: nothing of it was committed
        } catch (RuntimeException e) {
            if (state.isStopped()) {
                // a store call the stop interrupted, whatever the driver made of it: stopping faults nothing
                target.cache().clear();
                return false;
            }
            // a permanent store failure: the batch is not committed; stop here, visibly
            target.cache().clear();
            status.faulted(progress.failing < 0 ? checkpoint + 1 : progress.failing, null, e);
            state.fault();
            LOG.error("Projection [{}] is faulted by its store after checkpoint [{}]", projection, checkpoint, e);
        }
        return false;
    }

    /** Follows one batch: the state it shows while applied, and what its commit finishes. */
    private final class Progress implements ReadApplyLoop.Listener {
        private final long catchUpTarget;
        /** The first event of the batch being applied, or {@code -1}. */
        private long failing = -1;

        Progress(long catchUpTarget) {
            this.catchUpTarget = catchUpTarget;
        }

        @Override
        public void reading(BatchSource.Read read) {
            failing = read.events().isEmpty() ? -1 : read.events().get(0).position();
            boolean live = read.readUpTo() >= Math.min(read.head().position(), catchUpTarget)
                    && mode != ProjectionMode.CATCH_UP;
            target.status().state(live ? ProjectionState.LIVE : ProjectionState.CATCHING_UP);
        }

        @Override
        public void committed(BatchSource.Read read) {
            RebuildMarkers.Stored stored = target.status().marker();
            if (stored != null && stored.phase() == RebuildMarkers.Phase.REPLAYING
                    && target.status().checkpoint() >= stored.target()) {
                // a cancelled truncate rebuild, finished by the runner's own batches
                retrier.retry(() -> {
                    marker.clear();
                    return Boolean.TRUE;
                });
            }
        }
    }
}
