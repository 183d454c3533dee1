package dev.readmodel.core.engine;

import dev.readmodel.core.error.CancelledException;
import dev.readmodel.core.error.ProjectionFailedException;
import dev.readmodel.core.error.ReadModelException;
import dev.readmodel.core.event.EventBatch;
import dev.readmodel.core.event.EventSource;
import dev.readmodel.core.spi.DocumentWriter;
import dev.readmodel.core.spi.RebuildTarget;
import dev.readmodel.core.status.ProjectionState;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** Rebuilds one projection on the caller's thread: truncate and replay, or shadow build and swap. */
final class Rebuilder {
    private final ProjectionRunner runner;
    private final EventSource source;
    private final EngineConfig config;
    private final AtomicBoolean cancelled;
    private final RebuildOptions options;
    private long applied;
    private final long started = System.nanoTime();

    Rebuilder(ProjectionRunner runner, EventSource source, EngineConfig config, RebuildOptions options,
            AtomicBoolean cancelled) {
        this.runner = runner;
        this.source = source;
        this.config = config;
        this.options = options;
        this.cancelled = cancelled;
    }

    RebuildResult run() {
        return options.zeroDowntime() ? zeroDowntime() : truncateAndReplay();
    }

    /**
     * Finishes the truncate rebuild whose marker the runner found in the store: truncates again when the
     * marker does not show that the truncation happened, otherwise replays on from the checkpoint, which
     * the interrupted replay committed as it went. Nothing to do when the marker is gone meanwhile.
     */
    RebuildResult resume() {
        runner.batchLock.lock();
        try {
            runner.requireLease();
            if (!runner.refreshMarker()) {
                throw closing();
            }
            RebuildMarkers.Stored stored = runner.status.marker();
            if (stored == null && RebuildMarkers.load(runner.store.checkpoints(), runner.name()) != null) {
                runner.clearMarker(); // the replay had reached its target; only this clear was lost
            }
            if (stored == null || stored.phase() == RebuildMarkers.Phase.ZERO_DOWNTIME) {
                return result(runner.status.checkpoint(), false);
            }
            if (stored.phase() == RebuildMarkers.Phase.TRUNCATING) {
                return truncateAndReplay();
            }
            runner.status.state(ProjectionState.REBUILDING);
            runner.status.clearFault();
            long from = retry(() -> runner.store.checkpoint(runner.name()));
            runner.status.marker(stored, 0, true);
            runner.cache.clear();
            return replayTruncated(from);
        } finally {
            runner.batchLock.unlock();
        }
    }

    private RebuildResult truncateAndReplay() {
        runner.batchLock.lock();
        try {
            runner.requireLease();
            runner.status.state(ProjectionState.REBUILDING);
            runner.status.clearFault();
            long target = retry(source::head).position();
            // the marker first, so that a kill from here on shows the read models as partial
            retry(() -> {
                runner.markRebuild(RebuildMarkers.Phase.TRUNCATING, target);
                return Boolean.TRUE;
            });
            retry(() -> {
                runner.store.truncate(runner.name(), runner.projection.readModels());
                return Boolean.TRUE;
            });
            retry(() -> {
                runner.markRebuild(RebuildMarkers.Phase.REPLAYING, target);
                return Boolean.TRUE;
            });
            runner.cache.startFromEmpty();
            runner.status.checkpoint(0);
            return replayTruncated(0);
        } finally {
            runner.batchLock.unlock();
        }
    }

    /** Replays into the truncated live read models from {@code from}; clears the marker once at the head. */
    private RebuildResult replayTruncated(long from) {
        boolean done = false;
        try {
            try {
                done = replay(runner.store, runner.applier, runner.cache, runner.status, from);
            } finally {
                runner.store.finishRebuild(runner.name(), runner.projection.readModels());
            }
            if (runner.isFaulted()) {
                throw failure(runner.status);
            }
            if (done) {
                // only now: replay() drained the last commit, so the checkpoint is at the head
                retry(() -> {
                    runner.clearMarker();
                    return Boolean.TRUE;
                });
            }
        } finally {
            if (!done) {
                runner.rebuildStopped();
            }
        }
        runner.status.state(ProjectionState.CATCHING_UP);
        return result(runner.status.checkpoint(), !done);
    }

    private RebuildResult zeroDowntime() {
        runner.batchLock.lock();
        try {
            runner.requireLease();
        } finally {
            runner.batchLock.unlock();
        }
        if (!runner.refreshMarker()) {
            throw closing();
        }
        // over an unfinished truncate rebuild, its marker stays: the live read models are still partial
        RebuildMarkers.Stored before = runner.status.marker();
        boolean ownMarker = before == null || before.phase() == RebuildMarkers.Phase.ZERO_DOWNTIME;
        if (ownMarker) {
            long head = retry(source::head).position();
            retry(() -> {
                runner.markRebuild(RebuildMarkers.Phase.ZERO_DOWNTIME, head);
                return Boolean.TRUE;
            });
        }
        RebuildTarget target;
        try {
            target = retry(() -> runner.store.beginRebuild(runner.name(), runner.projection.readModels()));
        } catch (RuntimeException e) {
            dropMarker(ownMarker);
            throw e;
        }
        RunnerStatus shadowStatus = new RunnerStatus(runner.name(), runner.mode);
        BatchApplier shadowApplier = runner.newApplier(shadowStatus);
        DocumentCache shadowCache = new DocumentCache(config.documentCacheSize());
        shadowCache.startFromEmpty();
        boolean swapped = false;
        try {
            // Most of the history goes into the shadow while the live runner keeps serving and updating.
            if (!replay(target, shadowApplier, shadowCache, shadowStatus, 0)) {
                return result(runner.status.checkpoint(), true);
            }
            runner.batchLock.lock();
            try {
                // The live runner is held at a batch boundary: the shadow takes the last events, then swaps in.
                runner.requireLease();
                if (!replay(target, shadowApplier, shadowCache, shadowStatus, shadowStatus.checkpoint())) {
                    return result(runner.status.checkpoint(), true);
                }
                retry(() -> {
                    target.swap();
                    return Boolean.TRUE;
                });
                swapped = true;
                runner.cache.clear();
                runner.status.checkpoint(shadowStatus.checkpoint());
                // whole read models are live now, whatever the marker said
                retry(() -> {
                    runner.clearMarker();
                    return Boolean.TRUE;
                });
                return result(shadowStatus.checkpoint(), false);
            } finally {
                runner.batchLock.unlock();
            }
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

    /**
     * Clears the marker of a zero-downtime rebuild that stopped without a swap: the previous read models
     * still serve, whole. When the store cannot be written now, the marker stays and says so.
     */
    private void dropMarker(boolean ownMarker) {
        if (!ownMarker) {
            return;
        }
        try {
            runner.clearMarker();
        } catch (ReadModelException e) {
            runner.rebuildStopped();
        }
    }

    /**
     * Replays into {@code writer} until the head; {@code false} when cancelled. The next batch is read and
     * decoded while the current one is applied, and applied while the one before it is committed.
     */
    private boolean replay(DocumentWriter writer, BatchApplier applier, DocumentCache cache, RunnerStatus status,
            long from) {
        long checkpoint = from;
        status.checkpoint(from);
        try (Prefetcher reads = new Prefetcher(runner.projection, source, from, config.rebuildBatchSize(),
                runner::retryTransient);
                PipelinedWriter pipelined = new PipelinedWriter(writer, runner::retryTransient, runner.name())) {
            while (true) {
                if (cancelled.get()) {
                    pipelined.drain();
                    return false;
                }
                Prefetcher.Item item = reads.next();
                if (item.batch() == null) {
                    throw closing();
                }
                EventBatch batch = item.batch();
                status.head(item.head());
                if (batch.readUpTo() <= checkpoint) {
                    pipelined.drain();
                    return true;
                }
                BatchApplier.Outcome outcome = applier.applyPrepared(item.prepared(), batch.readUpTo(), pipelined, cache);
                if (outcome == BatchApplier.Outcome.FAULTED) {
                    pipelined.drain();
                    if (status == runner.status) {
                        runner.markFaulted();
                    }
                    throw failure(status);
                }
                if (outcome == BatchApplier.Outcome.STOPPED) {
                    pipelined.drain();
                    return false;
                }
                checkpoint = batch.readUpTo();
                applied += batch.events().size();
                report(status, checkpoint, item.head().position());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException e) {
            cache.clear(); // a commit in flight may have failed after its documents were cached
            throw e;
        }
    }

    private void report(RunnerStatus status, long position, long head) {
        if (status != runner.status) {
            runner.status.shadowPosition(position);
        }
        double rate = status.snapshot().eventsPerSecond();
        long remaining = Math.max(0, head - position);
        Optional<Duration> eta = rate <= 0 ? Optional.empty()
                : Optional.of(Duration.ofMillis((long) (remaining / rate * 1000)));
        options.listener().accept(new RebuildProgress(runner.name(), position, Math.max(head, position), applied, rate,
                eta));
    }

    private static ProjectionFailedException failure(RunnerStatus status) {
        var error = status.snapshot().lastError();
        throw new ProjectionFailedException(status.snapshot().projection(), error.map(e -> e.position()).orElse(0L),
                error.map(e -> e.eventType()).orElse(null),
                new IllegalStateException(error.map(e -> e.message()).orElse("unknown failure")));
    }

    private <T> T retry(java.util.function.Supplier<T> action) {
        T value = runner.retryTransient(action);
        if (value == null) {
            throw closing();
        }
        return value;
    }

    private CancelledException closing() {
        return new CancelledException("Rebuild of projection [" + runner.name() + "] stopped: the engine is closing");
    }

    private RebuildResult result(long checkpoint, boolean wasCancelled) {
        return new RebuildResult(runner.name(), applied, checkpoint, Duration.ofNanos(System.nanoTime() - started),
                wasCancelled);
    }
}
