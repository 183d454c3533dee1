package dev.readmodel.core.memory;

import dev.readmodel.core.error.CheckpointMovedException;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.Checkpoint;
import dev.readmodel.core.query.Aggregation;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.query.SearchQuery;
import dev.readmodel.core.query.SearchResult;
import dev.readmodel.core.spi.CheckpointStore;
import dev.readmodel.core.spi.ConditionalCommit;
import dev.readmodel.core.spi.DeliveryGuarantee;
import dev.readmodel.core.spi.DocumentWriter;
import dev.readmodel.core.spi.RebuildTarget;
import dev.readmodel.core.spi.SearchableStore;
import dev.readmodel.core.spi.ShadowRebuild;
import dev.readmodel.core.spi.ShadowTables;
import dev.readmodel.core.spi.StoreTransaction;
import dev.readmodel.core.spi.StoredDocument;
import dev.readmodel.core.spi.WriteBatch;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Read models in memory, with the full query contract, aggregations and a simple full-text search:
 * the embedded default and the store for users' unit tests. {@link DeliveryGuarantee#ATOMIC}: a batch's writes and checkpoint become visible together,
 * under one lock. Joins the transactions of an {@link InMemoryEventStore} for inline projections.
 * Thread-safe; everything lives on the heap.
 */
public final class InMemoryReadModelStore implements SearchableStore {
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final MemoryTables tables = new MemoryTables();
    private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();

    /** Creates an empty store. */
    public InMemoryReadModelStore() {
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public DeliveryGuarantee guarantee() {
        return DeliveryGuarantee.ATOMIC;
    }

    @Override
    public CheckpointStore checkpoints() {
        return checkpoints;
    }

    @Override
    public void prepare(List<ReadModel> models) {
        lock.writeLock().lock();
        try {
            tables.prepare(models);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public Map<String, StoredDocument> load(ReadModel model, Collection<String> ids) {
        lock.readLock().lock();
        try {
            return tables.load(model, ids);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<String> matchingIds(ReadModel model, List<Filter> filters, int limit) {
        lock.readLock().lock();
        try {
            return tables.matchingIds(model, filters, limit);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void commit(WriteBatch batch) {
        lock.writeLock().lock();
        try {
            tables.apply(batch.writes());
            checkpoints.store(new Checkpoint(batch.projection(), batch.checkpoint()));
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** {@link ConditionalCommit#ATOMIC}: {@link #commitIfCheckpoint} checks and commits in one transaction. */
    @Override
    public ConditionalCommit conditionalCommit() {
        return ConditionalCommit.ATOMIC;
    }

    /** Checks and commits under the one lock every commit takes. */
    @Override
    public void commitIfCheckpoint(WriteBatch batch, long expected) {
        lock.writeLock().lock();
        try {
            long stored = checkpoints.load(batch.projection());
            if (stored != expected) {
                throw new CheckpointMovedException(batch.projection(), expected, stored);
            }
            commit(batch);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public long checkpoint(String projection) {
        return checkpoints.load(projection);
    }

    @Override
    public void truncate(String projection, List<ReadModel> models) {
        lock.writeLock().lock();
        try {
            tables.empty(models);
            checkpoints.store(new Checkpoint(projection, 0));
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public List<Document> query(ReadModel model, Query query) {
        Query checked = model.check(query);
        lock.readLock().lock();
        try {
            return MemoryQuery.run(model, tables.table(model).values(), checked);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<Document> aggregate(ReadModel model, Aggregation aggregation) {
        Aggregation checked = model.check(aggregation);
        lock.readLock().lock();
        try {
            return MemoryQuery.aggregate(tables.table(model).values(), checked);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public SearchResult search(ReadModel model, SearchQuery search) {
        SearchQuery checked = model.check(search);
        lock.readLock().lock();
        try {
            return MemorySearch.search(model, tables.table(model).values(), checked);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** How many documents {@code model} holds. */
    public int count(ReadModel model) {
        lock.readLock().lock();
        try {
            return tables.table(model).size();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public RebuildTarget beginRebuild(String projection, List<ReadModel> models) {
        return ShadowRebuild.begin(projection, models, new MemoryShadowTables(checkpoints, this::swapIn), checkpoints);
    }

    @Override
    public DocumentWriter inTransaction(StoreTransaction transaction) {
        InMemoryTransaction memory = StoreTransaction.require(transaction, InMemoryTransaction.class, "in-memory",
                "the in-memory event store");
        return new DocumentWriter() {
            @Override
            public Map<String, StoredDocument> load(ReadModel model, Collection<String> ids) {
                return InMemoryReadModelStore.this.load(model, ids);
            }

            @Override
            public List<String> matchingIds(ReadModel model, List<Filter> filters, int limit) {
                return InMemoryReadModelStore.this.matchingIds(model, filters, limit);
            }

            @Override
            public void commit(WriteBatch batch) {
                memory.defer(() -> InMemoryReadModelStore.this.commit(batch));
            }

            @Override
            public long checkpoint(String projection) {
                return InMemoryReadModelStore.this.checkpoint(projection);
            }
        };
    }

    /** Puts {@code shadow} in place of the live tables and runs {@code then}, under the write lock. */
    private void swapIn(MemoryTables shadow, ShadowTables.CheckpointStep then) {
        lock.writeLock().lock();
        try {
            tables.replaceWith(shadow);
            then.applyTo(checkpoints);
        } finally {
            lock.writeLock().unlock();
        }
    }
}
