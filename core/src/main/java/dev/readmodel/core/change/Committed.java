package dev.readmodel.core.change;

import java.util.List;
import java.util.Objects;

/**
 * A batch a projection committed: every event up to {@code position} is now applied, and the documents
 * it changed read as {@code changes} say. A batch of events the projection ignores still moves its
 * checkpoint, and arrives with no changes.
 *
 * @param projection the projection that committed
 * @param position its checkpoint after the commit
 * @param changes each document the batch changed, once, with its final state, in the order first touched;
 *     only those of the subscribed read models
 */
public record Committed(String projection, long position, List<DocumentChange> changes) implements CommitNotice {
    /** Copies the changes; rejects nulls. */
    public Committed {
        Objects.requireNonNull(projection, "projection");
        changes = List.copyOf(changes);
    }
}
