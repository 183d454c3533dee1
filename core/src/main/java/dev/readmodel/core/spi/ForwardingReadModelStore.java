package dev.readmodel.core.spi;

import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.NativeWork;
import dev.readmodel.core.query.Aggregation;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Query;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A store that forwards every call to another: the base for decorators (metrics, tracing, fault
 * injection in tests) that override one operation and leave the rest alone. As thread-safe as the store
 * it forwards to.
 */
public abstract class ForwardingReadModelStore implements ReadModelStore {
    /** The store calls go to. */
    protected final ReadModelStore delegate;

    /** Forwards to {@code delegate}. */
    protected ForwardingReadModelStore(ReadModelStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public String name() {
        return delegate.name();
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
    public void acceptNativeWork(String projection, NativeWork work) {
        delegate.acceptNativeWork(projection, work);
    }

    @Override
    public Map<String, StoredDocument> load(ReadModel model, Collection<String> ids) {
        return delegate.load(model, ids);
    }

    @Override
    public List<String> matchingIds(ReadModel model, List<Filter> filters, int limit) {
        return delegate.matchingIds(model, filters, limit);
    }

    @Override
    public void commit(WriteBatch batch) {
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
    public void finishRebuild(String projection, List<ReadModel> models) {
        delegate.finishRebuild(projection, models);
    }

    @Override
    public List<Document> query(ReadModel model, Query query) {
        return delegate.query(model, query);
    }

    @Override
    public List<Document> aggregate(ReadModel model, Aggregation aggregation) {
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
