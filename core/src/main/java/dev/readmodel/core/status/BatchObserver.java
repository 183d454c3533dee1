package dev.readmodel.core.status;

/**
 * Told of every batch a projection commits, on the projection's own thread right after the commit: keep
 * it as cheap as recording a timer. An inline projection's batch is timed on the appending thread once its
 * writes are in the append's transaction, which may still roll back. An exception it throws is logged and
 * does not affect the batch.
 */
@FunctionalInterface
public interface BatchObserver {
    /** One committed batch. */
    void committed(BatchTiming timing);
}
