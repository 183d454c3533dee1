package dev.readmodel.core.projection;

/**
 * Work in a store's own language (SQL on PostgreSQL) that a handler adds to its batch with
 * {@link ProjectionContext#nativeWork}, for what documents cannot say: a set-based update with a join,
 * a summary table with arithmetic on conflict. The store runs it in the batch's commit, after the
 * batch's document writes, so that it commits or rolls back with them and with the checkpoint.
 *
 * <p>A marker: each store defines the kinds it runs (such as {@code PostgresWork}) and refuses other
 * kinds when the engine starts. Implementations must be deterministic, like handlers: the engine may
 * run a batch again after a failure or a crash.
 */
public interface StoreWork {
}
