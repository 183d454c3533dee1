package dev.readmodel.core.spi;

import dev.readmodel.core.error.ProjectionFailedException;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.StoreWork;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The writes of one batch of events and the checkpoint that covers them. At most one write per
 * document: the engine folds a batch's changes to a document into its final state.
 *
 * @param projection the projection whose batch it is
 * @param writes the document writes, in the order their documents were first written
 * @param checkpoint the position to store as the projection's checkpoint once the writes are durable
 * @param reachesHead whether the batch reaches the newest event the source reported when it was read.
 *     It is {@code false} while a projection catches up, when the next batch follows at once. A store
 *     whose writes become visible to queries at a cost (an Elasticsearch refresh) may leave such a
 *     batch to become visible later, but no later than the commit of the next batch that reaches the head.
 * @param work the store-native work the handlers added, in event order; a store runs it after
 *     {@code writes}, in the same transaction, and only a store that accepted the projection's
 *     {@link dev.readmodel.core.projection.NativeWork} gets any
 */
public record WriteBatch(String projection, List<DocumentWrite> writes, long checkpoint, boolean reachesHead,
        List<Work> work) {
    /** Copies the writes and the work and rejects a negative checkpoint. */
    public WriteBatch {
        Objects.requireNonNull(projection, "projection");
        writes = List.copyOf(writes);
        work = List.copyOf(work);
        if (checkpoint < 0) {
            throw new IllegalArgumentException("Checkpoint must not be negative but was [" + checkpoint + "]");
        }
    }

    /** A batch without store-native work. */
    public WriteBatch(String projection, List<DocumentWrite> writes, long checkpoint, boolean reachesHead) {
        this(projection, writes, checkpoint, reachesHead, List.of());
    }

    /** A batch that reaches the head: its writes are to be visible once it is committed. */
    public WriteBatch(String projection, List<DocumentWrite> writes, long checkpoint) {
        this(projection, writes, checkpoint, true);
    }

    /**
     * The writes grouped by read model, models in the order of their first write and writes in batch
     * order within each: what a store that writes one request per table needs. A new map on each call.
     */
    public Map<ReadModel, List<DocumentWrite>> byModel() {
        Map<ReadModel, List<DocumentWrite>> byModel = new LinkedHashMap<>();
        for (DocumentWrite write : writes) {
            byModel.computeIfAbsent(write.model(), m -> new ArrayList<>()).add(write);
        }
        return byModel;
    }

    /**
     * One piece of store-native work and the event whose handler added it.
     *
     * @param position the event's global position
     * @param eventType the event's type
     * @param work what to run
     */
    public record Work(long position, String eventType, StoreWork work) {
        /** Rejects nulls. */
        public Work {
            Objects.requireNonNull(eventType, "eventType");
            Objects.requireNonNull(work, "work");
        }

        /**
         * The error a store throws from {@link DocumentWriter#commit} when this work fails for a reason a
         * retry of the batch will not fix, after rolling the batch back: the engine then treats it as a
         * failure of this event's handler and follows the projection's failure policy.
         */
        public ProjectionFailedException failed(String projection, Exception cause) {
            return new ProjectionFailedException(projection, position, eventType, cause);
        }
    }
}
