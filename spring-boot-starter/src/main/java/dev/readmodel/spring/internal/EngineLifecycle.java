package dev.readmodel.spring.internal;

import dev.readmodel.core.engine.ProjectionEngine;
import java.util.Objects;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the engine with the application context and stops it with it. Its phase is below the web server's
 * ({@code SmartLifecycle.DEFAULT_PHASE - 1024} and {@code - 2048} for graceful shutdown), so inline
 * projections have caught up before requests arrive, and requests in flight finish their appends before the
 * engine stops. Stopping lets every projection finish its current batch (within the engine's stop timeout):
 * nothing is committed twice, and a restart goes on from the checkpoints. Thread-safe.
 */
public final class EngineLifecycle implements SmartLifecycle {
    /** The phase: started before, stopped after, a web server's. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final ProjectionEngine engine;
    private volatile boolean running;

    /** Runs {@code engine} with the context. */
    public EngineLifecycle(ProjectionEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    @Override
    public synchronized void start() {
        if (!running) {
            engine.start();
            running = true;
        }
    }

    @Override
    public synchronized void stop() {
        if (running) {
            running = false;
            engine.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
