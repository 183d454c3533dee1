package dev.readmodel.core.engine;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * How to rebuild a projection.
 *
 * @param zeroDowntime {@code false}: truncate the read models and replay into them (queries see them
 *     fill up); {@code true}: replay into shadow copies while the live ones keep serving and updating,
 *     then swap them in at once
 * @param listener told the progress after every batch, on the rebuilding thread; must return quickly
 */
public record RebuildOptions(boolean zeroDowntime, Consumer<RebuildProgress> listener) {
    /** Truncate and replay, without progress reports. */
    public static final RebuildOptions TRUNCATE = new RebuildOptions(false, p -> { });
    /** Shadow build and swap, without progress reports. */
    public static final RebuildOptions ZERO_DOWNTIME = new RebuildOptions(true, p -> { });

    /** Rejects a null listener. */
    public RebuildOptions {
        Objects.requireNonNull(listener, "listener");
    }

    /** These options with a progress listener. */
    public RebuildOptions withListener(Consumer<RebuildProgress> value) {
        return new RebuildOptions(zeroDowntime, value);
    }
}
