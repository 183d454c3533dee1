package dev.readmodel.core.spi;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.NativeWork;
import dev.readmodel.core.query.Query;
import java.util.List;

/**
 * A backend that holds read models: tables, analytics tables, search indexes. What the engine needs of
 * it, and what queries run on. Implementations are thread-safe and state their
 * {@link DeliveryGuarantee} in their documentation.
 */
public interface ReadModelStore extends DocumentWriter {
    /** A short name for messages, such as {@code postgres} or {@code memory}. */
    String name();

    /** How this store commits a batch. */
    DeliveryGuarantee guarantee();

    /** The store of checkpoints that goes with this store's commits. */
    CheckpointStore checkpoints();

    /**
     * Creates what {@code models} need (tables, indexes, mappings) if it is missing; safe to call again.
     *
     * @throws dev.readmodel.core.error.StoreException when an existing table does not fit the declaration
     */
    void prepare(List<ReadModel> models);

    /**
     * Accepts that the batches of {@code projection} carry store-native work as {@code work} declares,
     * and takes its tables into that projection's rebuilds: a store that runs such work checks the
     * declaration (the kind, that the tables exist) when the engine starts. Stores that run none keep
     * this default, which refuses.
     *
     * @throws ConfigurationException when this store cannot run work of that kind or its tables are missing
     */
    default void acceptNativeWork(String projection, NativeWork work) {
        throw new ConfigurationException("Projection [" + projection + "] declares native work of kind ["
                + work.kind().getName() + "], which store [" + name() + "] cannot run: use that kind's store");
    }

    /**
     * Empties {@code models} and resets the checkpoint of {@code projection} to 0, in one transaction
     * where the store can.
     */
    void truncate(String projection, List<ReadModel> models);

    /**
     * Runs a query that {@link ReadModel#check} accepted.
     *
     * @throws dev.readmodel.core.error.InvalidQueryException when the query does not fit the model
     */
    List<Document> query(ReadModel model, Query query);

    /**
     * Runs an aggregation that {@link ReadModel#check(dev.readmodel.core.query.Aggregation)} accepted: one
     * document per group with the group fields and metric aliases; groups ordered as asked, then by the
     * group fields; sums of decimals exact.
     */
    List<Document> aggregate(ReadModel model, dev.readmodel.core.query.Aggregation aggregation);

    /**
     * Told when a truncate-and-replay rebuild of {@code projection} has replayed up to the head (or was
     * cancelled), so that a store can restore what it turned off for bulk loading (refresh, replicas).
     * Stores that turn nothing off need not implement it.
     */
    default void finishRebuild(String projection, List<ReadModel> models) {
    }

    /** Starts a zero-downtime rebuild of {@code projection}: empty shadow copies of {@code models}. */
    RebuildTarget beginRebuild(String projection, List<ReadModel> models);

    /**
     * This store as a writer inside an event store's open transaction, for inline projections.
     *
     * @throws dev.readmodel.core.error.ConfigurationException when this store cannot join that kind of transaction
     */
    DocumentWriter inTransaction(StoreTransaction transaction);
}
