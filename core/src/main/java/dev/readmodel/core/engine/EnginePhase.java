package dev.readmodel.core.engine;

import dev.readmodel.core.error.StateException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where the engine as a whole is, as one field: built, started, closed. Thread-safe; the owners of the
 * engine's concerns read it, only {@link EngineLifecycle} moves it.
 */
final class EnginePhase {
    /** The phases; {@link #CLOSED} and {@link #STOPPED} are final. */
    enum Phase {
        /** Built, not started: statuses are read from the stores. */
        NEW,
        /** Started: the runners run. */
        STARTED,
        /** Closed without having been started. */
        CLOSED,
        /** Closed after it had started. */
        STOPPED
    }

    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.NEW);

    /** Whether {@code start()} has run, even if the engine has closed since. */
    boolean wasStarted() {
        Phase now = phase.get();
        return now == Phase.STARTED || now == Phase.STOPPED;
    }

    boolean isClosed() {
        Phase now = phase.get();
        return now == Phase.CLOSED || now == Phase.STOPPED;
    }

    /** @throws StateException when the engine is closed */
    void requireOpen() {
        if (isClosed()) {
            throw new StateException("The engine is closed");
        }
    }

    /** Moves a new engine to started, once its runners run; a close that came first stays. */
    void markStarted() {
        phase.compareAndSet(Phase.NEW, Phase.STARTED);
    }

    /** Moves the engine to closed; {@code false} when it was closed already. */
    boolean closed() {
        while (true) {
            Phase now = phase.get();
            if (now == Phase.CLOSED || now == Phase.STOPPED) {
                return false;
            }
            if (phase.compareAndSet(now, now == Phase.STARTED ? Phase.STOPPED : Phase.CLOSED)) {
                return true;
            }
        }
    }
}
