package dev.readmodel.core.engine;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Wakes whoever waits for a projection to get somewhere: every status change (a commit, a state, a
 * marker) signals it, so that a wait re-checks its condition then instead of polling on a sleep.
 * Thread-safe.
 */
final class ProgressSignal {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Threads in {@link #await}: a batch's status changes cost no lock while nobody waits. */
    private final AtomicInteger waiting = new AtomicInteger();

    /** Something a waiter may be waiting for has changed (call it after the change is visible). */
    void signal() {
        if (waiting.get() == 0) {
            return; // a waiter that comes later checks its condition after this change
        }
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until {@code done} holds, checking it at once and after each signal.
     *
     * @return {@code true} when it held within {@code timeout}
     * @throws InterruptedException when interrupted while waiting
     */
    boolean await(BooleanSupplier done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        waiting.incrementAndGet(); // before the first check, so that a change after it is signalled
        lock.lock();
        try {
            // checked under the lock: a signal cannot fall between the check and the wait
            while (!done.getAsBoolean()) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                changed.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
            waiting.decrementAndGet();
        }
    }
}
