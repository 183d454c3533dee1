package dev.readmodel.core.engine;

import dev.readmodel.core.event.EventSource;
import dev.readmodel.core.status.ProjectionStatus;
import java.util.List;

/**
 * What an operator does to running projections: statuses, pause, resume, restart after a fault, and
 * cancelling a rebuild. Before the engine starts, a status is read from the stores and the event source,
 * so that stored state can be inspected without running anything. Thread-safe.
 */
final class Operations {
    private final Runners runners;
    private final Rebuilds rebuilds;
    private final EnginePhase phase;
    private final EventSource source;
    private final Notices notices;

    Operations(Runners runners, Rebuilds rebuilds, EnginePhase phase, EventSource source, Notices notices) {
        this.runners = runners;
        this.rebuilds = rebuilds;
        this.phase = phase;
        this.source = source;
        this.notices = notices;
    }

    List<ProjectionStatus> statuses() {
        return runners.all().stream().map(this::status).toList();
    }

    ProjectionStatus status(String projection) {
        return status(runners.runner(projection));
    }

    private ProjectionStatus status(ProjectionRunner runner) {
        if (!phase.wasStarted()) {
            runner.status().checkpoint(runner.store().checkpoint(runner.name()));
            runner.status().head(source.head());
            if (!rebuilds.isRunning(runner.name())) {
                runner.marker().inspect();
            }
        }
        return runner.status().snapshot().withQueryCache(notices.stats(runner.projection()));
    }

    void pause(String projection) {
        runners.runner(projection).pause();
    }

    void resume(String projection) {
        runners.runner(projection).resume();
    }

    void restart(String projection) {
        runners.runner(projection).restart();
    }

    boolean cancelRebuild(String projection) {
        return rebuilds.cancel(projection);
    }
}
