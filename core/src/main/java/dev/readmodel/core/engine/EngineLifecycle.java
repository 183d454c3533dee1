package dev.readmodel.core.engine;

import dev.readmodel.core.event.EventSource;
import dev.readmodel.core.projection.ProjectionMode;

/**
 * Starts and stops the engine: has the stores accept their projections' native work, prepares them,
 * catches the inline projections up, starts the other runners; on close, cancels the rebuilds and
 * stops every runner within the stop timeout.
 * Thread-safe: {@link #start} runs once; {@link #close} may run concurrently with anything.
 */
final class EngineLifecycle {
    private final Runners runners;
    private final EventSource source;
    private final EngineConfig config;
    private final EnginePhase phase;
    private final Rebuilds rebuilds;

    EngineLifecycle(Runners runners, EventSource source, EngineConfig config, EnginePhase phase, Rebuilds rebuilds) {
        this.runners = runners;
        this.source = source;
        this.config = config;
        this.phase = phase;
        this.rebuilds = rebuilds;
    }

    /**
     * Prepares the stores and starts the projections; inline ones catch up on this thread.
     *
     * @throws dev.readmodel.core.error.StateException when the engine is closed
     * @throws dev.readmodel.core.error.ReadModelException when a store cannot be prepared or an inline
     *     projection fails catching up; {@code start} may then be called again
     */
    synchronized void start() {
        phase.requireOpen();
        if (phase.wasStarted()) {
            return;
        }
        for (ProjectionRunner runner : runners.all()) {
            runner.projection().nativeWork().ifPresent(work -> runner.store().acceptNativeWork(runner.name(), work));
        }
        for (ProjectionRunner runner : runners.all()) {
            runner.store().prepare(runner.projection().readModels());
        }
        for (ProjectionRunner runner : runners.all()) {
            if (runner.mode() == ProjectionMode.INLINE) {
                InlineParticipant.catchUp(runner, source, config.batchSize(), rebuilds::resume);
            } else {
                runner.start();
            }
        }
        phase.markStarted();
    }

    /** Stops every projection within the stop timeout; a second call does nothing. */
    void close() {
        if (!phase.closed()) {
            return;
        }
        rebuilds.cancelAll();
        runners.all().forEach(ProjectionRunner::stop);
        long deadline = System.nanoTime() + config.stopTimeout().toNanos();
        try {
            for (ProjectionRunner runner : runners.all()) {
                runner.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
