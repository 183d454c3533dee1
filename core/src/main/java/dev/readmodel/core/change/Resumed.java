package dev.readmodel.core.change;

import java.util.Objects;

/**
 * This instance took up a projection at a checkpoint it read from the store: when the engine starts, or
 * when it takes over the projection's lease from another instance. Commits up to {@code position} were made
 * before, or elsewhere, and were never announced here: whatever a listener derived from earlier notices of
 * this projection must be queried again. Sent only when the checkpoint differs from the last one announced.
 *
 * @param projection the projection taken up
 * @param position the checkpoint it was taken up at
 */
public record Resumed(String projection, long position) implements CommitNotice {
    /** Rejects nulls. */
    public Resumed {
        Objects.requireNonNull(projection, "projection");
    }
}
