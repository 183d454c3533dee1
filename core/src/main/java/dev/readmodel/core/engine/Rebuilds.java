package dev.readmodel.core.engine;

import dev.readmodel.core.error.ReadModelException;
import dev.readmodel.core.error.StateException;
import dev.readmodel.core.event.EventSource;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.status.RebuildMarker;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rebuilds that run now, at most one per projection: starts them ({@link Rebuilder}), resumes the
 * unfinished ones a runner finds, cancels them. Thread-safe: a rebuild runs on its caller's thread, and
 * any thread may cancel it.
 */
final class Rebuilds {
    private static final Logger LOG = LoggerFactory.getLogger(Rebuilds.class);

    private final EventSource source;
    private final EngineConfig config;
    private final EnginePhase phase;
    /** Each running rebuild's cancel flag, by projection. */
    private final Map<String, AtomicBoolean> running = new ConcurrentHashMap<>();

    Rebuilds(EventSource source, EngineConfig config, EnginePhase phase) {
        this.source = source;
        this.config = config;
        this.phase = phase;
    }

    /**
     * Rebuilds {@code runner}'s projection on this thread; restarts its runner afterwards if it had ended.
     *
     * @throws StateException when the projection is already being rebuilt, or the engine is closed
     * @throws dev.readmodel.core.error.ProjectionFailedException when a handler fails under the fail policy
     */
    RebuildResult rebuild(ProjectionRunner runner, RebuildOptions options) {
        phase.requireOpen();
        AtomicBoolean cancelled = new AtomicBoolean();
        if (running.putIfAbsent(runner.name(), cancelled) != null) {
            throw new StateException("Projection [" + runner.name() + "] is already being rebuilt");
        }
        try {
            // no prepare(): truncation and shadow builds create the tables from the current declaration,
            // which is how a rebuild repairs tables that no longer match a changed projection;
            // but the store must know the native tables it rebuilds, also when the engine has not started
            runner.projection().nativeWork().ifPresent(work -> runner.store().acceptNativeWork(runner.name(), work));
            RebuildResult result = new Rebuilder(runner, source, config, options, cancelled).run();
            if (!runner.isRunning() && phase.wasStarted() && runner.mode() != ProjectionMode.INLINE && !phase.isClosed()) {
                runner.restart();
            }
            return result;
        } finally {
            running.remove(runner.name());
        }
    }

    /**
     * Resumes the unfinished truncate rebuild the runner found in its store, on the runner's thread;
     * {@code false} when another rebuild of the projection runs now, so that it is tried again later.
     */
    boolean resume(ProjectionRunner runner) {
        AtomicBoolean cancelled = new AtomicBoolean();
        if (running.putIfAbsent(runner.name(), cancelled) != null) {
            return false;
        }
        try {
            if (phase.isClosed()) {
                return true;
            }
            LOG.info("Projection [{}] resumes its unfinished truncate rebuild: {}", runner.name(),
                    runner.status().rebuild().map(RebuildMarker::describe).orElse("?"));
            RebuildResult result = new Rebuilder(runner, source, config, RebuildOptions.TRUNCATE, cancelled).resume();
            LOG.info("Projection [{}] {} its resumed rebuild at checkpoint [{}] after [{}] events", runner.name(),
                    result.cancelled() ? "stopped" : "finished", result.checkpoint(), result.eventsApplied());
        } catch (ReadModelException e) {
            // a fault is on the status already; a closing engine stops here; the marker stays either way
            LOG.warn("Projection [{}] did not finish its resumed rebuild: {}", runner.name(), e.getMessage());
        } finally {
            running.remove(runner.name());
        }
        return true;
    }

    boolean isRunning(String projection) {
        return running.containsKey(projection);
    }

    /** Asks a running rebuild to stop after its current batch; {@code false} when none runs. */
    boolean cancel(String projection) {
        AtomicBoolean flag = running.get(projection);
        if (flag == null) {
            return false;
        }
        flag.set(true);
        return true;
    }

    /** Asks every running rebuild to stop: the engine is closing. */
    void cancelAll() {
        running.values().forEach(flag -> flag.set(true));
    }
}
