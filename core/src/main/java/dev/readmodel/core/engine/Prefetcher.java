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
final class Prefetcher implements AutoCloseable {
    static final int AHEAD = 2;

    /** One read: the batch, its events decoded, and the head seen just before it, or the failure that ended reading. */
    record Item(EventBatch batch, List<PreparedEvent> prepared, StreamHead head, RuntimeException failure) {
    }

    /** Retries transient failures; returns {@code null} when the engine is stopping. */
    interface Retrying {
        <T> T retry(Supplier<T> action);
    }

    private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(AHEAD);
    private final Thread thread;
    private volatile boolean closed;

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
                queue.put(new Item(batch, PreparedEvent.all(projection, batch.events()), head, null));
                if (batch.readUpTo() <= after) {
                    return;
                }
                after = batch.readUpTo();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            queue.offer(new Item(null, null, null, e));
        }
    }

    /** The next read; a {@code null} batch means the engine is stopping. */
    Item next() throws InterruptedException {
        Item item = queue.take();
        if (item.failure() != null) {
            throw item.failure();
        }
        return item;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
