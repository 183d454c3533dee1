package dev.readmodel.core.engine;

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

/** Delegates to another store and counts what the engine asks of it. */
class CountingStore implements ReadModelStore {
    final ReadModelStore delegate;
    volatile int commits;
    volatile int writes;
    volatile int loads;

    CountingStore(ReadModelStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public String name() {
        return "counting";
    }

    @Override
    public DeliveryGuarantee guarantee() {
        return delegate.guarantee();
    }

    @Override
    public CheckpointStore checkpoints() {
        return delegate.checkpoints();
    }

    @Override
    public void prepare(List<ReadModel> models) {
        delegate.prepare(models);
    }

    @Override
    public Map<String, StoredDocument> load(ReadModel model, Collection<String> ids) {
        loads++;
        return delegate.load(model, ids);
    }

    @Override
    public void commit(WriteBatch batch) {
        commits++;
        writes += batch.writes().size();
        delegate.commit(batch);
    }

    @Override
    public long checkpoint(String projection) {
        return delegate.checkpoint(projection);
    }

    @Override
    public void truncate(String projection, List<ReadModel> models) {
        delegate.truncate(projection, models);
    }

    @Override
    public List<Document> query(ReadModel model, Query query) {
        return delegate.query(model, query);
    }

    @Override
    public List<Document> aggregate(ReadModel model, dev.readmodel.core.Aggregation aggregation) {
        return delegate.aggregate(model, aggregation);
    }

    @Override
    public RebuildTarget beginRebuild(String projection, List<ReadModel> models) {
        return delegate.beginRebuild(projection, models);
    }

    @Override
    public DocumentWriter inTransaction(StoreTransaction transaction) {
        return delegate.inTransaction(transaction);
    }
}
