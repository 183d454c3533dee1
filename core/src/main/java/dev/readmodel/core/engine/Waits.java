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
     * shows those writes to queries ({@link RunnerStatus#readableCheckpoint()}).
     */
    boolean awaitReadable(Collection<String> projections, long position, Duration timeout) throws InterruptedException {
        List<RunnerStatus> statuses = projections.stream().map(p -> runners.runner(p).status()).toList();
        return signal.await(() -> statuses.stream().allMatch(s -> s.readableCheckpoint() >= position), timeout);
    }

    /** {@link #awaitReadable(Collection, long, Duration)} for one projection. */
    boolean awaitReadable(String projection, long position, Duration timeout) throws InterruptedException {
        RunnerStatus status = runners.runner(projection).status();
        return signal.await(() -> status.readableCheckpoint() >= position, timeout);
    }

    /** Waits until {@code projection} has committed up to {@code position}. */
    boolean awaitCheckpoint(String projection, long position, Duration timeout) throws InterruptedException {
        RunnerStatus status = runners.runner(projection).status();
        return signal.await(() -> status.checkpoint() >= position, timeout);
    }
}
