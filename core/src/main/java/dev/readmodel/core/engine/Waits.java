package dev.readmodel.core.engine;

import dev.readmodel.core.event.EventSource;
import dev.readmodel.core.status.ProjectionState;
import dev.readmodel.core.status.ProjectionStatus;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * Waits for projections to get somewhere, woken by the {@link ProgressSignal} every status change
 * sends rather than by polling on a sleep. Thread-safe; any number of threads may wait.
 */
final class Waits {
    /** How often a wait on an instance without the projection's lease reads the stored checkpoint. */
    static final Duration STANDBY_POLL = Duration.ofMillis(20);

    private final Runners runners;
    private final EventSource source;
    private final ProgressSignal signal;

    Waits(Runners runners, EventSource source, ProgressSignal signal) {
        this.runners = runners;
        this.source = source;
        this.signal = signal;
    }

    /**
     * Waits until every projection has committed up to the source's head as of this call and has no
     * unfinished truncate rebuild that it runs, or is faulted.
     */
    boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        long target = source.head().position();
        return signal.await(() -> runners.all().stream().allMatch(r -> caughtUp(r, target)), timeout);
    }

    private static boolean caughtUp(ProjectionRunner runner, long target) {
        ProjectionStatus status = runner.status().snapshot();
        boolean behind = status.checkpoint() < target || (status.partial() && runner.runsHere());
        return !behind || status.state() == ProjectionState.FAULTED;
    }

    /**
     * Waits until every one of {@code projections} has committed up to {@code position} and its store
     * shows those writes to queries ({@link RunnerStatus#readableCheckpoint()}), within one timeout.
     */
    boolean awaitReadable(Collection<String> projections, long position, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> names = List.copyOf(projections);
        names.forEach(runners::runner); // an unknown name fails before any wait
        for (String projection : names) {
            // readable checkpoints only move on: one reached while waiting for another stays reached
            if (!awaitReadable(projection, position, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@link #awaitReadable(Collection, long, Duration)} for one projection. On an instance that does not
     * hold the projection's lease, another instance commits: its checkpoint is read from the store, every
     * {@link #STANDBY_POLL}, until it is reached.
     */
    boolean awaitReadable(String projection, long position, Duration timeout) throws InterruptedException {
        ProjectionRunner runner = runners.runner(projection);
        RunnerStatus status = runner.status();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean here = runner.runsHere();
            if (status.readableCheckpoint() >= position || !here && runner.store().checkpoint(projection) >= position) {
                return true;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            long slice = here ? remaining : Math.min(remaining, STANDBY_POLL.toNanos());
            if (signal.await(() -> status.readableCheckpoint() >= position, Duration.ofNanos(slice))) {
                return true;
            }
        }
    }

    /** Waits until {@code projection} has committed up to {@code position}. */
    boolean awaitCheckpoint(String projection, long position, Duration timeout) throws InterruptedException {
        RunnerStatus status = runners.runner(projection).status();
        return signal.await(() -> status.checkpoint() >= position, timeout);
    }
}
