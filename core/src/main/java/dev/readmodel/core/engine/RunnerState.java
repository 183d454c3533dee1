package dev.readmodel.core.engine;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Whether a runner may apply events: the one field that decides it, with its legal transitions. What
 * the status shows (catching up, live, standby, rebuilding) is progress within {@link Phase#ACTIVE};
 * this says only whether work may go on. Thread-safe: operators, the runner's thread and the closing
 * engine change it concurrently; each change wakes the threads waiting in {@link #awaitChange} and
 * {@link #sleepUnlessStopped}.
 */
final class RunnerState {
    /** The phases; {@link #STOPPED} is final. */
    enum Phase {
        /** Applying events (or waiting for them, or for the lease). */
        ACTIVE,
        /** Paused by an operator; {@link #ACTIVE} again on resume. */
        PAUSED,
        /** Stopped at an event that keeps failing; {@link #ACTIVE} again on restart. */
        FAULTED,
        /**
         * Faulted and paused, in either order: a restart leaves it {@link #PAUSED}, a resume leaves it
         * {@link #FAULTED}, so that neither operation undoes the other.
         */
        PAUSED_FAULTED,
        /** The engine is closing: every loop and retry ends. */
        STOPPED
    }

    private static final Map<Phase, Set<Phase>> LEGAL = Map.of(
            Phase.ACTIVE, EnumSet.of(Phase.PAUSED, Phase.FAULTED, Phase.STOPPED),
            Phase.PAUSED, EnumSet.of(Phase.ACTIVE, Phase.PAUSED_FAULTED, Phase.STOPPED),
            Phase.FAULTED, EnumSet.of(Phase.ACTIVE, Phase.PAUSED_FAULTED, Phase.STOPPED),
            Phase.PAUSED_FAULTED, EnumSet.of(Phase.PAUSED, Phase.FAULTED, Phase.STOPPED),
            Phase.STOPPED, EnumSet.noneOf(Phase.class));

    private final String projection;
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.ACTIVE);
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    RunnerState(String projection) {
        this.projection = projection;
    }

    Phase phase() {
        return phase.get();
    }

    boolean isActive() {
        return phase.get() == Phase.ACTIVE;
    }

    boolean isFaulted() {
        Phase now = phase.get();
        return now == Phase.FAULTED || now == Phase.PAUSED_FAULTED;
    }

    boolean isStopped() {
        return phase.get() == Phase.STOPPED;
    }

    /**
     * Moves from {@code from} to {@code to} if the runner is in {@code from} now.
     *
     * @return {@code false} when it is in another phase (nothing changed)
     * @throws IllegalStateException when {@code from} to {@code to} is not a legal transition
     */
    boolean move(Phase from, Phase to) {
        if (!LEGAL.get(from).contains(to)) {
            throw new IllegalStateException("Runner of projection [" + projection + "] cannot go from [" + from
                    + "] to [" + to + "]");
        }
        if (!phase.compareAndSet(from, to)) {
            return false;
        }
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        return true;
    }

    /** Faults an active or paused runner (a paused one stays paused); one faulted or stopped already stays as it is. */
    void fault() {
        apply(Map.of(Phase.ACTIVE, Phase.FAULTED, Phase.PAUSED, Phase.PAUSED_FAULTED));
    }

    /** Pauses the runner, faulted or not; {@code false} when it was paused or stopped already. */
    boolean pause() {
        return apply(Map.of(Phase.ACTIVE, Phase.PAUSED, Phase.FAULTED, Phase.PAUSED_FAULTED));
    }

    /** Ends a pause; a fault stays. {@code false} when it was not paused. */
    boolean resume() {
        return apply(Map.of(Phase.PAUSED, Phase.ACTIVE, Phase.PAUSED_FAULTED, Phase.FAULTED));
    }

    /** Ends a fault; a pause stays. {@code false} when it was not faulted. */
    boolean clearFault() {
        return apply(Map.of(Phase.FAULTED, Phase.ACTIVE, Phase.PAUSED_FAULTED, Phase.PAUSED));
    }

    /** Moves along {@code transitions} from the current phase; {@code false} when none starts there. */
    private boolean apply(Map<Phase, Phase> transitions) {
        for (Phase now = phase.get(); transitions.containsKey(now); now = phase.get()) {
            if (move(now, transitions.get(now))) {
                return true;
            }
        }
        return false;
    }

    /** Stops the runner for good, from whatever phase. */
    void stop() {
        for (Phase now = phase.get(); now != Phase.STOPPED; now = phase.get()) {
            if (move(now, Phase.STOPPED)) {
                return;
            }
        }
    }

    /**
     * Waits up to {@code millis} for the phase to leave {@code seen}.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    void awaitChange(Phase seen, long millis) throws InterruptedException {
        waitWhile(now -> now == seen, millis);
    }

    /**
     * Sleeps up to {@code millis} unless the runner stops meanwhile; an interrupt counts as stopping (the
     * thread's interrupt flag is set again).
     *
     * @return whether the runner is stopping
     */
    boolean sleepUnlessStopped(long millis) {
        try {
            waitWhile(now -> now != Phase.STOPPED, millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
        return isStopped();
    }

    private void waitWhile(Predicate<Phase> waiting, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        lock.lock();
        try {
            long remaining;
            while (waiting.test(phase.get()) && (remaining = deadline - System.nanoTime()) > 0) {
                changed.awaitNanos(remaining);
            }
        } finally {
            lock.unlock();
        }
    }
}
