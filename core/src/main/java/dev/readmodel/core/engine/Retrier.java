package dev.readmodel.core.engine;

import dev.readmodel.core.error.CancelledException;
import dev.readmodel.core.error.ReadModelException;
import java.util.function.Supplier;

/**
 * Retries one runner's transient failures with backoff until they pass or the runner stops: each
 * failure is recorded on the status while it waits, a permanent one is thrown at once, and a
 * {@link CancelledException} (a store call interrupted while stopping) ends the retrying quietly, so
 * that a stop never faults the projection. Thread-safe; used by whichever thread works for the runner.
 */
final class Retrier implements Prefetcher.Retrying {
    private final RunnerStatus status;
    private final RunnerState state;
    private final Backoff backoff;

    Retrier(RunnerStatus status, RunnerState state, Backoff backoff) {
        this.status = status;
        this.state = state;
        this.backoff = backoff;
    }

    /** Runs {@code action}, retrying transient failures with backoff; {@code null} when stopped meanwhile. */
    @Override
    public <T> T retry(Supplier<T> action) {
        for (int attempt = 1; ; attempt++) {
            try {
                return action.get();
            } catch (ReadModelException e) {
                if (backOff(e, attempt)) {
                    return null;
                }
            }
        }
    }

    /**
     * Records a transient failure and waits out the backoff of its {@code attempt}.
     *
     * @return whether the runner is stopping
     * @throws ReadModelException {@code e} itself, when it is permanent
     */
    boolean backOff(ReadModelException e, int attempt) {
        if (e instanceof CancelledException) {
            return true;
        }
        if (!e.isTransient()) {
            throw e;
        }
        status.failed(status.checkpoint() + 1, null, e, true);
        return sleepOrStop(backoff.delay(attempt).toMillis());
    }

    /** Sleeps up to {@code millis} unless stopping; returns whether the runner is stopping. */
    boolean sleepOrStop(long millis) {
        boolean stopping = state.sleepUnlessStopped(millis);
        status.beat();
        return stopping;
    }
}
