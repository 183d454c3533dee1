package dev.readmodel.core.engine;

import dev.readmodel.core.change.Replaced;
import dev.readmodel.core.error.CancelledException;
import dev.readmodel.core.error.ProjectionFailedException;
import dev.readmodel.core.error.ReadModelException;
import dev.readmodel.core.event.EventSource;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.spi.RebuildTarget;
import dev.readmodel.core.status.ProjectionState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Rebuilds one projection on the caller's thread: truncate and replay, or shadow build and swap. The
 * replay is {@link ReadApplyLoop} with batches read ahead ({@link Prefetcher}) and committed pipelined
 * ({@link PipelinedWriter}), stopping when {@code cancelled} is set. One instance per rebuild; not
 * thread-safe.
 */
final class Rebuilder {
    private final ProjectionRunner runner;
    private final RunnerMarker marker;
    private final EventSource source;
    private final EngineConfig config;
    private final AtomicBoolean cancelled;
    private final RebuildOptions options;
    private final long started = System.nanoTime();
    private long applied;
    private boolean swapped;

    Rebuilder(ProjectionRunner runner, EventSource source, EngineConfig config, RebuildOptions options,
            AtomicBoolean cancelled) {
        this.runner = runner;
        this.marker = runner.marker();
        this.source = source;
        this.config = config;
        this.options = options;
        this.cancelled = cancelled;
    }

    /**
     * Runs the rebuild the options ask for.
     *
     * @throws ProjectionFailedException when a handler fails under the fail policy
     * @throws CancelledException when the engine closes meanwhile
     */
    RebuildResult run() {
        return options.zeroDowntime() ? zeroDowntime() : runner.exclusively(this::truncateAndReplay);
    }

    /**
     * Finishes the truncate rebuild whose marker the runner found in the store: truncates again when the
     * marker does not show that the truncation happened, otherwise replays on from the checkpoint, which
     * the interrupted replay committed as it went. Nothing to do when the marker is gone meanwhile.
     */
    RebuildResult resume() {
        return runner.exclusively(live -> {
            runner.requireLease();
            if (!runner.refreshMarker()) {
                throw closing();
            }
            RebuildMarkers.Stored stored = live.status().marker();
            if (stored == null && marker.stored() != null) {
                marker.clear(); // the replay had reached its target; only this clear was lost
            }
            if (stored == null || stored.phase() == RebuildMarkers.Phase.ZERO_DOWNTIME) {
                return result(live.status().checkpoint(), false);
            }
            if (stored.phase() == RebuildMarkers.Phase.TRUNCATING) {
                return truncateAndReplay(live);
            }
            live.status().state(ProjectionState.REBUILDING);
            runner.endFaultForRebuild();
            long from = retry(() -> runner.store().checkpoint(runner.name()));
            marker.running(stored);
            live.cache().clear();
            return replayTruncated(live, from);
        });
    }

    /** Under the runner's lock. */
    private RebuildResult truncateAndReplay(ApplyTarget live) {
        runner.requireLease();
        live.status().state(ProjectionState.REBUILDING);
        runner.endFaultForRebuild();
        long target = retry(source::head).position();
        // the marker first, so that a kill from here on shows the read models as partial
        retryRun(() -> marker.mark(RebuildMarkers.Phase.TRUNCATING, target));
        retryRun(() -> runner.store().truncate(runner.name(), runner.projection().readModels()));
        retryRun(() -> marker.mark(RebuildMarkers.Phase.REPLAYING, target));
        live.cache().startFromEmpty();
        // before the checkpoint moves: no caller who sees it may get a query-cache answer from before
        runner.notices().replaced(runner.name(), 0, readModelNames(), Replaced.Reason.TRUNCATED);
        live.status().checkpoint(0);
        return replayTruncated(live, 0);
    }

    /** Replays into the truncated live read models from {@code from}; clears the marker once at the head. */
    private RebuildResult replayTruncated(ApplyTarget live, long from) {
        boolean done = false;
        try {
            try {
                done = replay(live, from);
            } finally {
                runner.store().finishRebuild(runner.name(), runner.projection().readModels());
            }
            if (runner.isFaulted()) {
                throw failure(live.status());
            }
            if (done) {
                // only now: replay() drained the last commit, so the checkpoint is at the head
                retryRun(marker::clear);
            }
        } finally {
            if (!done) {
                marker.stopped();
            }
        }
        live.status().state(ProjectionState.CATCHING_UP);
        return result(live.status().checkpoint(), !done);
    }

    private RebuildResult zeroDowntime() {
        runner.exclusively(live -> {
            runner.requireLease();
            return live;
        });
        if (!runner.refreshMarker()) {
            throw closing();
        }
        // over an unfinished truncate rebuild, its marker stays: the live read models are still partial
        RebuildMarkers.Stored before = runner.status().marker();
        boolean ownMarker = before == null || before.phase() == RebuildMarkers.Phase.ZERO_DOWNTIME;
        if (ownMarker) {
            long head = retry(source::head).position();
            retryRun(() -> marker.mark(RebuildMarkers.Phase.ZERO_DOWNTIME, head));
        }
        RebuildTarget target;
        try {
            target = retry(() -> runner.store().beginRebuild(runner.name(), runner.projection().readModels()));
        } catch (RuntimeException e) {
            dropMarker(ownMarker);
            throw e;
        }
        RunnerStatus shadowStatus = new RunnerStatus(runner.name(), runner.mode());
        DocumentCache shadowCache = new DocumentCache(config.documentCacheSize());
        shadowCache.startFromEmpty();
        ApplyTarget shadow = new ApplyTarget(target, runner.newApplier(shadowStatus, true), shadowCache, shadowStatus);
        try {
            // Most of the history goes into the shadow while the live runner keeps serving and updating.
            if (!replay(shadow, 0)) {
                return result(runner.status().checkpoint(), true);
            }
            // The live runner is held at a batch boundary: the shadow takes the last events, then swaps in.
            return runner.exclusively(live -> swapIn(live, shadow, target));
        } finally {
            if (!swapped) {
                try {
                    target.abort();
                } finally {
                    dropMarker(ownMarker);
                }
            }
        }
    }

    private List<String> readModelNames() {
        return runner.projection().readModels().stream().map(ReadModel::name).toList();
    }

    /** Under the runner's lock: the shadow takes the last events, then replaces the live read models. */
    private RebuildResult swapIn(ApplyTarget live, ApplyTarget shadow, RebuildTarget target) {
        runner.requireLease();
        long shadowCheckpoint = shadow.status().checkpoint();
        if (!replay(shadow, shadowCheckpoint)) {
            return result(live.status().checkpoint(), true);
        }
        retryRun(target::swap);
        swapped = true;
        runner.endFaultForRebuild(); // the live read models are the shadow's now, past any fault of the old ones
        live.cache().clear();
        runner.notices().replaced(runner.name(), shadow.status().checkpoint(), readModelNames(), Replaced.Reason.SWAPPED);
        live.status().checkpoint(shadow.status().checkpoint());
        // whole read models are live now, whatever the marker said
        retryRun(marker::clear);
        return result(shadow.status().checkpoint(), false);
    }

    /**
     * Clears the marker of a zero-downtime rebuild that stopped without a swap: the previous read models
     * still serve, whole. When the store cannot be written now, the marker stays and says so.
     */
    private void dropMarker(boolean ownMarker) {
        if (!ownMarker) {
            return;
        }
        try {
            marker.clear();
        } catch (ReadModelException e) {
            marker.stopped();
        }
    }

    /**
     * Replays into {@code target} until the head; {@code false} when cancelled. The next batch is read and
     * decoded while the current one is applied, and applied while the one before it is committed.
     */
    private boolean replay(ApplyTarget target, long from) {
        RunnerStatus status = target.status();
        status.checkpoint(from);
        ReadApplyLoop.Plan plan = new ReadApplyLoop.Plan(ReadApplyLoop.Applying.POLICY, Integer.MAX_VALUE,
                cancelled::get, new Progress(status));
        try (Prefetcher reads = new Prefetcher(runner.projection(), source, from, config.rebuildBatchSize(),
                runner::retryTransient);
                PipelinedWriter pipelined = new PipelinedWriter(target.writer(), runner::retryTransient, runner.name())) {
            ReadApplyLoop.End end = ReadApplyLoop.run(reads, target.withWriter(pipelined), from, plan);
            pipelined.drain();
            switch (end) {
                case CAUGHT_UP:
                    return true;
                case NO_READ:
                    throw closing();
                case FAULTED:
                    if (status == runner.status()) {
                        runner.fault();
                    }
                    throw failure(status);
                default:
                    return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException e) {
            target.cache().clear(); // a commit in flight may have failed after its documents were cached
            if (!(e instanceof CancelledException) && !(e instanceof ProjectionFailedException)) {
                runner.status().noted(status.checkpoint() + 1, e); // the rebuild's caller is not the only one to see it
            }
            throw e;
        }
    }

    /** Counts a replay's progress and tells the rebuild's listener. */
    private final class Progress implements ReadApplyLoop.Listener {
        private final RunnerStatus status;

        Progress(RunnerStatus status) {
            this.status = status;
        }

        @Override
        public void committed(BatchSource.Read read) {
            long position = read.readUpTo();
            long head = read.head().position();
            applied += read.events().size();
            if (status != runner.status()) {
                runner.status().shadowPosition(position);
            }
            double rate = status.snapshot().eventsPerSecond();
            long remaining = Math.max(0, head - position);
            Optional<Duration> eta = rate <= 0 ? Optional.empty()
                    : Optional.of(Duration.ofMillis((long) (remaining / rate * 1000)));
            options.listener().accept(new RebuildProgress(runner.name(), position, Math.max(head, position), applied,
                    rate, eta));
        }
    }

    private static ProjectionFailedException failure(RunnerStatus status) {
        var error = status.snapshot().lastError();
        throw new ProjectionFailedException(status.snapshot().projection(), error.map(e -> e.position()).orElse(0L),
                error.map(e -> e.eventType()).orElse(null),
                new IllegalStateException(error.map(e -> e.message()).orElse("unknown failure")));
    }

    private <T> T retry(Supplier<T> action) {
        T value = runner.retryTransient(action);
        if (value == null) {
            throw closing();
        }
        return value;
    }

    private void retryRun(Runnable action) {
        retry(() -> {
            action.run();
            return Boolean.TRUE;
        });
    }

    private CancelledException closing() {
        return new CancelledException("Rebuild of projection [" + runner.name() + "] stopped: the engine is closing");
    }

    private RebuildResult result(long checkpoint, boolean wasCancelled) {
        return new RebuildResult(runner.name(), applied, checkpoint, Duration.ofNanos(System.nanoTime() - started),
                wasCancelled);
    }
}
