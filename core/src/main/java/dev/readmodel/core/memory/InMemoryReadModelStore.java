package dev.readmodel.core.memory;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.Checkpoint;
import dev.readmodel.core.query.Aggregation;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.query.SearchQuery;
import dev.readmodel.core.query.SearchResult;
import dev.readmodel.core.spi.CheckpointStore;
import dev.readmodel.core.spi.DeliveryGuarantee;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.DocumentWriter;
import dev.readmodel.core.spi.RebuildTarget;
import dev.readmodel.core.spi.SearchableStore;
import dev.readmodel.core.spi.StoreTransaction;
import dev.readmodel.core.spi.StoredDocument;
import dev.readmodel.core.spi.WriteBatch;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
    private final Map<String, TreeMap<String, StoredDocument>> tables = new HashMap<>();
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
            models.forEach(m -> tables.computeIfAbsent(m.name(), n -> new TreeMap<>()));
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public Map<String, StoredDocument> load(ReadModel model, Collection<String> ids) {
        lock.readLock().lock();
        try {
            return loadFrom(table(model), ids);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void commit(WriteBatch batch) {
        lock.writeLock().lock();
        try {
            apply(tables, batch.writes());
            checkpoints.store(new Checkpoint(batch.projection(), batch.checkpoint()));
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
            models.forEach(m -> tables.put(m.name(), new TreeMap<>()));
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
            return MemoryQuery.run(model, table(model).values(), checked);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<Document> aggregate(ReadModel model, Aggregation aggregation) {
        Aggregation checked = model.check(aggregation);
        lock.readLock().lock();
        try {
            return MemoryQuery.aggregate(table(model).values(), checked);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public SearchResult search(ReadModel model, SearchQuery search) {
        SearchQuery checked = model.check(search);
        lock.readLock().lock();
        try {
            return MemorySearch.search(model, table(model).values(), checked);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** How many documents {@code model} holds. */
    public int count(ReadModel model) {
        lock.readLock().lock();
        try {
            return table(model).size();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public RebuildTarget beginRebuild(String projection, List<ReadModel> models) {
        return new Shadow(projection, models);
    }

    @Override
    public DocumentWriter inTransaction(StoreTransaction transaction) {
        if (!(transaction instanceof InMemoryTransaction memory)) {
            throw new ConfigurationException("The in-memory read-model store joins only transactions of the in-memory"
                    + " event store, not [" + transaction.getClass().getName() + "]");
        }
        return new DocumentWriter() {
            @Override
            public Map<String, StoredDocument> load(ReadModel model, Collection<String> ids) {
                return InMemoryReadModelStore.this.load(model, ids);
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

    private TreeMap<String, StoredDocument> table(ReadModel model) {
        TreeMap<String, StoredDocument> table = tables.get(model.name());
        if (table == null) {
            throw new ConfigurationException("Read model [" + model.name() + "] is not prepared in the in-memory store");
        }
        return table;
    }

    private static Map<String, StoredDocument> loadFrom(Map<String, StoredDocument> table, Collection<String> ids) {
        Map<String, StoredDocument> found = new HashMap<>();
        for (String id : ids) {
            StoredDocument document = table.get(id);
            if (document != null) {
                found.put(id, document);
            }
        }
        return found;
    }

    private static void apply(Map<String, TreeMap<String, StoredDocument>> target, List<DocumentWrite> writes) {
        for (DocumentWrite write : writes) {
            TreeMap<String, StoredDocument> table = target.get(write.model().name());
            if (table == null) {
                throw new ConfigurationException("Read model [" + write.model().name()
                        + "] is not prepared in the in-memory store");
            }
            if (write instanceof DocumentWrite.Put put) {
                table.put(put.id(), new StoredDocument(put.document(), put.version()));
            } else {
                table.remove(write.id());
            }
        }
    }

    private final class Shadow implements RebuildTarget {
        private final String projection;
        private final Map<String, TreeMap<String, StoredDocument>> shadowTables = new HashMap<>();
        private long shadowCheckpoint;

        Shadow(String projection, List<ReadModel> models) {
            this.projection = projection;
            models.forEach(m -> shadowTables.put(m.name(), new TreeMap<>()));
        }

        @Override
        public Map<String, StoredDocument> load(ReadModel model, Collection<String> ids) {
            return loadFrom(shadowTables.get(model.name()), ids);
        }

        @Override
        public void commit(WriteBatch batch) {
            apply(shadowTables, batch.writes());
            shadowCheckpoint = batch.checkpoint();
        }

        @Override
        public long checkpoint(String name) {
            return shadowCheckpoint;
        }

        @Override
        public void swap() {
            lock.writeLock().lock();
            try {
                tables.putAll(shadowTables);
                checkpoints.store(new Checkpoint(projection, shadowCheckpoint));
            } finally {
                lock.writeLock().unlock();
            }
        }

        @Override
        public void abort() {
            shadowTables.clear();
        }
    }
}
