package dev.readmodel.core.engine;

import dev.readmodel.core.event.EventBatch;
import dev.readmodel.core.event.EventSource;
import dev.readmodel.core.event.EventTypeMatcher;
import dev.readmodel.core.event.StreamHead;
import dev.readmodel.core.projection.Projection;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;

/**
 * Reads batches ahead on a thread of its own, so that reading and decoding the next batch overlaps
 * with applying and committing the current one. Holds at most {@link #AHEAD} batches; ends with the
 * first read that finds nothing new (the head at that moment).
 */
final class Prefetcher implements BatchSource, AutoCloseable {
    static final int AHEAD = 2;

    /** One read: the batch, its events decoded, and the head seen just before it, or the failure that ended reading. */
    private record Item(EventBatch batch, List<PreparedEvent> prepared, StreamHead head, RuntimeException failure) {
    }

    /** Retries transient failures; returns {@code null} when the engine is stopping. */
    interface Retrying {
        <T> T retry(Supplier<T> action);
    }

    private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(AHEAD);
    private final Thread thread;
    private volatile boolean closed;
    /** The item that ended reading (a failure, or stopping), once the consumer took it: every later call repeats it. */
    private Item end;

    Prefetcher(Projection projection, EventSource source, long from, int batchSize, Retrying retrying) {
        this.thread = new Thread(() -> read(projection, source, from, batchSize, retrying),
                "readmodel-prefetch-" + projection.name());
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void read(Projection projection, EventSource source, long from, int batchSize, Retrying retrying) {
        EventTypeMatcher types = projection.handledTypes();
        long after = from;
        try {
            while (!closed) {
                long position = after;
                StreamHead head = retrying.retry(source::head);
                EventBatch batch = head == null ? null : retrying.retry(() -> source.read(position, batchSize, types));
                if (batch == null) {
                    queue.put(new Item(null, null, null, null));
                    return;
                }
                List<PreparedEvent> prepared = PreparedEvent.all(projection, UpcastingSource.upcasters(source), batch.events());
                queue.put(new Item(batch, prepared, head, null));
                if (batch.readUpTo() <= after) {
                    return;
                }
                after = batch.readUpTo();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            fail(projection, e);
        }
    }

    /**
     * Hands the failure to the consumer behind the batches read before it. {@code put}, not {@code offer}:
     * with the queue full an offer dropped the failure, and the consumer waited in {@code take()} forever.
     * Only {@link #close()} (an interrupt) stops the wait, and then nobody consumes any more.
     */
    private void fail(Projection projection, Throwable e) {
        RuntimeException failure = e instanceof RuntimeException r ? r
                : new IllegalStateException("Read-ahead of projection [" + projection.name() + "] died", e);
        try {
            queue.put(new Item(null, null, null, failure));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The next read, in order, whatever {@code after} says (reading ahead follows its own position);
     * {@code null} when the engine is stopping. Called by one consumer thread.
     *
     * @throws RuntimeException the failure that ended reading, on this call and every later one
     * @throws InterruptedException when the consumer is interrupted while waiting
     */
    @Override
    public Read next(long after) throws InterruptedException {
        Item item = end != null ? end : queue.take();
        if (item.batch() == null) {
            end = item;
        }
        if (item.failure() != null) {
            throw item.failure();
        }
        return item.batch() == null ? null
                : new Read(item.batch().events(), item.prepared(), item.batch().readUpTo(), item.head());
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
