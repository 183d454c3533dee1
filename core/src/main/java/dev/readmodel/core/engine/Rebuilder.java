package dev.readmodel.core.engine;

import dev.readmodel.core.EventBatch;
import dev.readmodel.core.EventSource;
import dev.readmodel.core.ProjectionFailedException;
import dev.readmodel.core.ProjectionState;
import dev.readmodel.core.ReadModelException;
import dev.readmodel.core.spi.DocumentWriter;
import dev.readmodel.core.spi.RebuildTarget;
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

    private RebuildResult truncateAndReplay() {
        runner.batchLock.lock();
        try {
            runner.requireLease();
            runner.status.state(ProjectionState.REBUILDING);
            runner.status.clearFault();
            retry(() -> {
                runner.store.truncate(runner.name(), runner.projection.readModels());
                return Boolean.TRUE;
            });
            runner.cache.startFromEmpty();
            runner.status.checkpoint(0);
            boolean done;
            try {
                done = replay(runner.store, runner.applier, runner.cache, runner.status, 0);
            } finally {
                runner.store.finishRebuild(runner.name(), runner.projection.readModels());
            }
            if (runner.isFaulted()) {
                throw failure(runner.status);
            }
            runner.status.state(ProjectionState.CATCHING_UP);
            return result(runner.status.checkpoint(), !done);
        } finally {
            runner.batchLock.unlock();
        }
    }

    private RebuildResult zeroDowntime() {
        runner.batchLock.lock();
        try {
            runner.requireLease();
        } finally {
            runner.batchLock.unlock();
        }
        RebuildTarget target = retry(() -> runner.store.beginRebuild(runner.name(), runner.projection.readModels()));
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
                return result(shadowStatus.checkpoint(), false);
            } finally {
                runner.batchLock.unlock();
            }
        } finally {
            if (!swapped) {
                target.abort();
            }
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
                    throw new ReadModelException("Rebuild of projection [" + runner.name() + "] stopped: the engine is closing");
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
            throw new ReadModelException("Rebuild of projection [" + runner.name() + "] stopped: the engine is closing");
        }
        return value;
    }

    private RebuildResult result(long checkpoint, boolean wasCancelled) {
        return new RebuildResult(runner.name(), applied, checkpoint, Duration.ofNanos(System.nanoTime() - started),
                wasCancelled);
    }
}
