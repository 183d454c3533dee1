package dev.readmodel.core.status;

import java.time.Duration;
import java.util.Objects;

/**
 * The figures of one batch a projection committed, for metrics.
 *
 * @param projection the projection
 * @param events the events of the batch the projection handles (those it ignores are not counted)
 * @param writes the documents the batch wrote
 * @param position the checkpoint the batch committed
 * @param apply how long the handlers and the document reads took
 * @param commit how long the store's commit took (during a rebuild, the hand-over to its commit thread)
 * @param rebuild whether the batch belongs to a rebuild's shadow copies rather than the live read models
 */
public record BatchTiming(String projection, int events, int writes, long position, Duration apply, Duration commit,
        boolean rebuild) {
    /** Rejects nulls. */
    public BatchTiming {
        Objects.requireNonNull(projection, "projection");
        Objects.requireNonNull(apply, "apply");
        Objects.requireNonNull(commit, "commit");
    }
}
