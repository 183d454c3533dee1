package dev.readmodel.core.projection;

import java.util.Objects;

/**
 * How far a projection has committed: every event up to {@code position} is reflected in its read
 * models.
 *
 * @param projection the projection's name
 * @param position the last committed global position; {@code 0} for none
 */
public record Checkpoint(String projection, long position) {
    /** Rejects a negative position. */
    public Checkpoint {
        Objects.requireNonNull(projection, "projection");
        if (position < 0) {
            throw new IllegalArgumentException("Checkpoint position must not be negative but was [" + position
                    + "] for projection [" + projection + "]");
        }
    }
}
