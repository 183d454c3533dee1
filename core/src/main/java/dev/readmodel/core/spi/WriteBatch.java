package dev.readmodel.core.spi;

import java.util.List;
import java.util.Objects;

/**
 * The writes of one batch of events and the checkpoint that covers them. At most one write per
 * document: the engine folds a batch's changes to a document into its final state.
 *
 * @param projection the projection whose batch it is
 * @param writes the document writes, in the order their documents were first written
 * @param checkpoint the position to store as the projection's checkpoint once the writes are durable
 */
public record WriteBatch(String projection, List<DocumentWrite> writes, long checkpoint) {
    /** Copies the writes and rejects a negative checkpoint. */
    public WriteBatch {
        Objects.requireNonNull(projection, "projection");
        writes = List.copyOf(writes);
        if (checkpoint < 0) {
            throw new IllegalArgumentException("Checkpoint must not be negative but was [" + checkpoint + "]");
        }
    }
}
