package dev.readmodel.core.spi;

import dev.readmodel.core.model.ReadModel;
import java.util.Collection;
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

    /** The checkpoint of {@code projection} as this writer sees it; {@code 0} when none. */
    long checkpoint(String projection);
}
