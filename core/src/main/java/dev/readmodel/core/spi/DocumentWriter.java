package dev.readmodel.core.spi;

import dev.readmodel.core.error.CheckpointMovedException;
import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Filter;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where the engine reads the documents a batch needs and commits its writes: the live tables of a
 * store, the shadow tables of a zero-downtime rebuild, or a store inside an append's transaction.
 */
public interface DocumentWriter {
    /**
     * The stored documents among {@code ids}; ids without a document are absent from the result.
     *
     * @throws dev.readmodel.core.error.TransientStoreException when the store cannot be read now
     */
    Map<String, StoredDocument> load(ReadModel model, Collection<String> ids);

    /**
     * Makes the batch's writes durable and then its checkpoint: in one transaction where the store can
     * ({@link DeliveryGuarantee#ATOMIC}), or writes first and checkpoint after, with each document's
     * version kept ({@link DeliveryGuarantee#IDEMPOTENT}).
     *
     * @throws dev.readmodel.core.error.TransientStoreException when the store cannot be written now; the
     *     engine retries the whole batch
     * @throws dev.readmodel.core.error.StoreException when the store rejects the writes
     */
    void commit(WriteBatch batch);

    /**
     * Commits {@code batch} as {@link #commit} does, but only while the stored checkpoint of its projection
     * is still {@code expected}; when it is not, it writes nothing and throws. What lets two writers that
     * each believe they own a checkpoint (a consumer the group has evicted but that still runs, and the
     * instance that took its partition over) never both commit from the same checkpoint: every commit that
     * succeeds continues from the one before it. Stores that can override it to check and commit in one
     * transaction (PostgreSQL, memory); this default reads the checkpoint and then commits, which leaves a
     * short window between the two, closed on stores whose document versions refuse a stale write. What a
     * store promises is {@link #conditionalCommit()}.
     *
     * @throws CheckpointMovedException when the stored checkpoint is not {@code expected}; nothing was written,
     *     unless {@link CheckpointMovedException#documentsWritten()} says the batch's documents were
     * @throws dev.readmodel.core.error.TransientStoreException when the store cannot be written now
     */
    default void commitIfCheckpoint(WriteBatch batch, long expected) {
        long stored = checkpoint(batch.projection());
        if (stored != expected) {
            throw new CheckpointMovedException(batch.projection(), expected, stored);
        }
        commit(batch);
    }

    /**
     * What {@link #commitIfCheckpoint} promises on this writer when writers race from one checkpoint; this
     * default, {@link ConditionalCommit#CHECK_THEN_COMMIT}, is the promise of its default implementation.
     */
    default ConditionalCommit conditionalCommit() {
        return ConditionalCommit.CHECK_THEN_COMMIT;
    }

    /** The checkpoint of {@code projection} as this writer sees it; {@code 0} when none. */
    long checkpoint(String projection);

    /**
     * The ids of at most {@code limit} stored documents of {@code model} that match every one of
     * {@code filters}, in no promised order: what the engine turns a set-based write
     * ({@link dev.readmodel.core.projection.ProjectionContext#updateAll}) into keyed writes with. The filters
     * were checked against {@code model} ({@link ReadModel#check(dev.readmodel.core.query.Query)}). The answer
     * sees every write this writer committed before the call, even where queries would not yet (an
     * Elasticsearch store refreshes first); it may name a document that no longer matches (the engine
     * checks each loaded document again) but must not leave out one that does. Writers that cannot look up
     * documents by filter keep this default.
     *
     * @throws ConfigurationException when this writer cannot look up documents by filter
     * @throws dev.readmodel.core.error.TransientStoreException when the store cannot be read now
     */
    default List<String> matchingIds(ReadModel model, List<Filter> filters, int limit) {
        throw new ConfigurationException("Set-based writes to read model [" + model.name() + "] need a writer that finds"
                + " documents by filter, and [" + getClass().getName() + "] does not");
    }
}
