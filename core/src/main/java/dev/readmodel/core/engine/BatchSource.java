package dev.readmodel.core.engine;

import dev.readmodel.core.event.EventBatch;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.event.EventSource;
import dev.readmodel.core.event.StreamHead;
import dev.readmodel.core.projection.Projection;
import java.util.List;

/**
 * Where {@link ReadApplyLoop} gets its batches: read now on the loop's thread ({@link #direct},
 * {@link #before}), or read ahead on another ({@link Prefetcher}). Used by one thread.
 */
interface BatchSource {
    /**
     * One read: the events after a position up to {@code readUpTo}, maybe decoded already, and the head
     * seen with it ({@code null} when the read did not ask).
     */
    record Read(List<EventEnvelope> events, List<PreparedEvent> prepared, long readUpTo, StreamHead head) {
        static Read of(EventBatch batch, StreamHead head) {
            return new Read(batch.events(), null, batch.readUpTo(), head);
        }
    }

    /**
     * The events after {@code after}; a read whose {@code readUpTo} is not past {@code after} means
     * nothing new.
     *
     * @return {@code null} when no batch comes this time: the engine is stopping, or the source failed
     *     for now and the failure is already on the status
     * @throws InterruptedException when the reading thread is interrupted while waiting
     */
    Read next(long after) throws InterruptedException;

    /** Reads the head, then a batch, on the caller's thread; failures are thrown. */
    static BatchSource direct(EventSource source, Projection projection, int batchSize) {
        return after -> {
            StreamHead head = source.head();
            return Read.of(source.read(after, batchSize, projection.handledTypes()), head);
        };
    }

    /**
     * Reads only events before {@code bound}, as if it were the head, without asking for the head: the
     * events that were appended around the engine before an append's own.
     */
    static BatchSource before(long bound, EventSource source, Projection projection, int batchSize) {
        return after -> {
            if (after >= bound - 1) {
                return new Read(List.of(), null, after, null);
            }
            EventBatch batch = source.read(after, batchSize, projection.handledTypes());
            List<EventEnvelope> events = batch.events().stream().filter(e -> e.position() < bound).toList();
            return new Read(events, null, Math.min(batch.readUpTo(), bound - 1), null);
        };
    }
}
