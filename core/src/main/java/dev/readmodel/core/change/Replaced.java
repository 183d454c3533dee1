package dev.readmodel.core.change;

import java.util.List;
import java.util.Objects;

/**
 * Read models replaced as a whole by a rebuild: whatever a listener derived from them is stale and must
 * be queried again. Changes after this notice are relative to the new contents.
 *
 * @param projection the projection being rebuilt
 * @param position its checkpoint once the replacement was committed
 * @param readModels the read models replaced
 * @param reason how they were replaced
 */
public record Replaced(String projection, long position, List<String> readModels, Reason reason) implements CommitNotice {
    /** How a rebuild replaced its read models. */
    public enum Reason {
        /** A truncate rebuild emptied them; they fill again as it replays, each batch a {@link Committed}. */
        TRUNCATED,
        /** A zero-downtime rebuild swapped its shadow copies in, whole, at {@code position}. */
        SWAPPED
    }

    /** Copies the names; rejects nulls. */
    public Replaced {
        Objects.requireNonNull(projection, "projection");
        readModels = List.copyOf(readModels);
        Objects.requireNonNull(reason, "reason");
    }
}
