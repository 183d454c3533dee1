package dev.readmodel.core.spi;

/**
 * Shadow copies of a projection's read models, built while the live ones keep serving queries, then
 * swapped in. Not thread-safe: one rebuild owns it.
 */
public interface RebuildTarget extends DocumentWriter {
    /**
     * Replaces the live read models with the shadow ones and sets the projection's checkpoint to the
     * shadow's, atomically where the store can; queries see the old or the new state, never a mix of
     * one table's old and another's new where the store has transactions.
     *
     * @throws dev.readmodel.core.error.TransientStoreException when the store cannot be reached; the shadow
     *     stays and the swap may be tried again
     */
    void swap();

    /** Drops the shadow read models and their checkpoint; the live ones are untouched. */
    void abort();
}
