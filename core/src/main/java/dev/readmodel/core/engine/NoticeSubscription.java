package dev.readmodel.core.engine;

import dev.readmodel.core.change.CommitListener;
import dev.readmodel.core.change.CommitNotice;
import dev.readmodel.core.change.Overflowed;
import dev.readmodel.core.change.Subscription;
import dev.readmodel.core.error.UnknownProjectionException;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One listener's buffer of notices and its delivery. Publishers only enqueue (or count a drop when the
 * buffer is full), so a slow listener never slows a projection; deliveries run on the shared executor,
 * one at a time per subscription. A gap of dropped notices is delivered as one {@link Overflowed} in its
 * place. Thread-safe.
 */
final class NoticeSubscription implements Subscription {
    private static final System.Logger LOG = System.getLogger(NoticeSubscription.class.getName());

    private final CommitListener listener;
    private final NoticeFilter filter;
    private final int capacity;
    private final Executor executor;
    private final Runnable onClose;
    private final Map<String, OptionalLong> starts;
    /** Guarded by {@code this}: the pending notices, an {@link Overflowed} standing for each gap. */
    private final ArrayDeque<CommitNotice> pending = new ArrayDeque<>();
    /** Guarded by {@code this}: how many of {@link #pending} are real notices (gaps do not count). */
    private int buffered;
    /** Guarded by {@code this}: the newest gap; it grows while it is still the tail of {@link #pending}. */
    private Overflowed gap;
    private boolean draining;
    private boolean closed;
    private long delivered;
    private long dropped;

    NoticeSubscription(CommitListener listener, NoticeFilter filter, int capacity, Executor executor, Runnable onClose,
            Map<String, OptionalLong> starts) {
        this.starts = Map.copyOf(starts);
        this.listener = listener;
        this.filter = filter;
        this.capacity = capacity;
        this.executor = executor;
        this.onClose = onClose;
    }

    NoticeFilter filter() {
        return filter;
    }

    /** Queues {@code notice} for delivery, or counts it dropped when the buffer is full. Never blocks. */
    void offer(CommitNotice notice) {
        boolean start;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (buffered >= capacity) {
                dropped++;
                if (gap != null && pending.peekLast() == gap) {
                    pending.pollLast(); // the gap at the tail grows by this notice
                    gap = new Overflowed(gap.dropped() + 1, notice.position());
                } else {
                    gap = new Overflowed(1, notice.position());
                }
                pending.addLast(gap);
            } else {
                pending.addLast(notice);
                buffered++;
            }
            start = !draining;
            draining = true;
        }
        if (start) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException closing) {
                synchronized (this) {
                    draining = false; // the engine is closing: nothing is delivered any more
                }
            }
        }
    }

    private void drain() {
        while (true) {
            CommitNotice next;
            synchronized (this) {
                next = closed ? null : pending.pollFirst();
                if (next == null) {
                    draining = false;
                    return;
                }
                if (next == gap) {
                    gap = null;
                }
                if (!(next instanceof Overflowed)) {
                    buffered--;
                }
            }
            try {
                listener.onNotice(next);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "A commit listener failed on " + next + "; the next notice is"
                        + " delivered all the same", e);
            }
            synchronized (this) {
                delivered++;
            }
        }
    }

    @Override
    public OptionalLong startedAfter(String projection) {
        OptionalLong start = starts.get(projection);
        if (start == null) {
            throw new UnknownProjectionException("This subscription receives no notices of projection [" + projection
                    + "]; it receives those of " + starts.keySet().stream().sorted().toList());
        }
        return start;
    }

    @Override
    public synchronized long delivered() {
        return delivered;
    }

    @Override
    public synchronized long dropped() {
        return dropped;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            pending.clear();
        }
        onClose.run();
    }
}
