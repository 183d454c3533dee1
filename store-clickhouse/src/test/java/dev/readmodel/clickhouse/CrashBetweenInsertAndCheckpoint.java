package dev.readmodel.clickhouse;

import dev.readmodel.core.Aggregation;
import dev.readmodel.core.Document;
import dev.readmodel.core.Query;
import dev.readmodel.core.ReadModel;
import dev.readmodel.core.spi.CheckpointStore;
import dev.readmodel.core.spi.DeliveryGuarantee;
import dev.readmodel.core.spi.DocumentWriter;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.core.spi.RebuildTarget;
import dev.readmodel.core.spi.StoreTransaction;
import dev.readmodel.core.spi.StoredDocument;
import dev.readmodel.core.spi.WriteBatch;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The ClickHouse store with a process "dying" at random right after a batch's rows are inserted and
 * before its checkpoint is written: the window an idempotent store must survive.
 */
final class CrashBetweenInsertAndCheckpoint implements ReadModelStore {
    private final ClickHouseReadModelStore store;
    private final Random random;
    private final double probability;
    private int crashes;

    CrashBetweenInsertAndCheckpoint(ClickHouseReadModelStore store, Random random, double probability) {
        this.store = store;
        this.random = random;
        this.probability = probability;
    }

    int crashes() {
        return crashes;
    }

    @Override
    public void commit(WriteBatch batch) {
        if (random.nextDouble() < probability) {
            // the rows land, the checkpoint does not: as if the process died between the two
            store.commit(new WriteBatch(batch.projection(), batch.writes(), store.checkpoint(batch.projection())));
            crashes++;
            throw new Error("simulated crash between insert and checkpoint");
        }
        store.commit(batch);
    }

    @Override
    public String name() {
        return store.name();
    }

    @Override
    public DeliveryGuarantee guarantee() {
        return store.guarantee();
    }

    @Override
    public CheckpointStore checkpoints() {
        return store.checkpoints();
    }

    @Override
    public void prepare(List<ReadModel> models) {
        store.prepare(models);
    }

    @Override
    public Map<String, StoredDocument> load(ReadModel model, Collection<String> ids) {
        return store.load(model, ids);
    }

    @Override
    public long checkpoint(String projection) {
        return store.checkpoint(projection);
    }

    @Override
    public void truncate(String projection, List<ReadModel> models) {
        store.truncate(projection, models);
    }

    @Override
    public List<Document> query(ReadModel model, Query query) {
        return store.query(model, query);
    }

    @Override
    public List<Document> aggregate(ReadModel model, Aggregation aggregation) {
        return store.aggregate(model, aggregation);
    }

    @Override
    public RebuildTarget beginRebuild(String projection, List<ReadModel> models) {
        return store.beginRebuild(projection, models);
    }

    @Override
    public DocumentWriter inTransaction(StoreTransaction transaction) {
        return store.inTransaction(transaction);
    }
}
