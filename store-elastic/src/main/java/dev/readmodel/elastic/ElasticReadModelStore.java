package dev.readmodel.elastic;

import dev.readmodel.core.error.CancelledException;
import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.error.StoreException;
import dev.readmodel.core.error.TransientStoreException;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
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
import dev.readmodel.elastic.internal.ElasticCalls;
import dev.readmodel.elastic.internal.ElasticIndexes;
import dev.readmodel.elastic.internal.ElasticJson;
import dev.readmodel.elastic.internal.ElasticQueries;
import dev.readmodel.elastic.internal.ElasticResults;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Read models as Elasticsearch indexes for full-text search: one index per read model behind an alias
 * ({@code <prefix>-<read model>}), with strict mappings from the declaration.
 *
 * <p>Delivery guarantee: {@link DeliveryGuarantee#IDEMPOTENT}. Writes go through the bulk API with
 * external versioning by the global position of the event that caused them, so a replayed batch or an
 * older write arriving late cannot overwrite a newer state; the version conflicts that replays cause are
 * expected and counted as applied. Items that fail for a transient reason are retried; any other item
 * failure is reported with the document id and event position, never dropped. The checkpoint is a
 * document in {@code <prefix>-checkpoints}, written after the data it covers. Rebuilds: truncate swaps in
 * a fresh index behind the alias; zero-downtime builds a new index while the old one keeps answering,
 * then moves the alias in one atomic request; during both the new index has refresh off and no
 * replicas, restored afterwards. Queries become term, terms and range filters, sort, from and size;
 * searches a multi_match over the declared text fields with boosts, terms facets and highlighting; user
 * input never becomes a query string. Thread-safe; close it to close the client.
 */
public final class ElasticReadModelStore implements SearchableStore, AutoCloseable {
    private static final int BULK_OPERATIONS = 5_000;
    private static final long BULK_BYTES = 8L << 20;
    private static final int ITEM_RETRIES = 5;
    /** Per-document errors of a multi-get that mean a shard or node is not there yet, as while the server starts. */
    private static final Set<String> UNAVAILABLE = Set.of("no_shard_available_action_exception",
            "unavailable_shards_exception", "node_closed_exception", "node_not_connected_exception",
            "node_disconnected_exception", "es_rejected_execution_exception", "cluster_block_exception");

    private final ElasticsearchClient client;
    private final ElasticConfig config;
    private final ElasticIndexes indexes;
    private final Set<String> bulkLoading = ConcurrentHashMap.newKeySet();
    /** Aliases written by batches that did not reach the head, and were left for a later refresh. */
    private final Set<String> unrefreshed = ConcurrentHashMap.newKeySet();
    private final CheckpointStore checkpoints;
    private final java.util.concurrent.ExecutorService sender;

    /** A store on the cluster {@code config} names; creates its checkpoint index if missing. */
    public ElasticReadModelStore(ElasticConfig config) {
        this.config = config;
        this.client = config.client();
        this.sender = java.util.concurrent.Executors.newFixedThreadPool(config.bulkConcurrency(), runnable -> {
            Thread thread = new Thread(runnable, "readmodel-elastic-bulk");
            thread.setDaemon(true);
            return thread;
        });
        this.indexes = new ElasticIndexes(client, config.indexPrefix(), config.replicas());
        indexes.createCheckpointIndex();
        this.checkpoints = new CheckpointStore() {
            @Override
            public long load(String projection) {
                return indexes.loadCheckpoint(projection);
            }

            @Override
            public void store(dev.readmodel.core.projection.Checkpoint checkpoint) {
                indexes.storeCheckpoint(checkpoint.projection(), checkpoint.position());
            }
        };
    }

    @Override
    public String name() {
        return "elasticsearch";
    }

    @Override
    public DeliveryGuarantee guarantee() {
        return DeliveryGuarantee.IDEMPOTENT;
    }

    @Override
    public CheckpointStore checkpoints() {
        return checkpoints;
    }

    /**
     * Creates missing indexes, and gives live ones their serving settings back: a process killed during a
     * truncate rebuild leaves its index with refresh off, where writes that wait for a refresh would
     * wait forever (found by the crash drill).
     */
    @Override
    public void prepare(List<ReadModel> models) {
        for (ReadModel model : models) {
            List<String> live = indexes.physical(model);
            if (live.isEmpty()) {
                indexes.createBehindAlias(model, false);
            } else if (!bulkLoading.contains(model.name())) {
                live.forEach(index -> indexes.finishBulkLoad(index, config.replicas()));
            }
        }
    }

    @Override
    public Map<String, StoredDocument> load(ReadModel model, Collection<String> ids) {
        return load(model, indexes.alias(model), ids);
    }

    private Map<String, StoredDocument> load(ReadModel model, String index, Collection<String> ids) {
        Map<String, StoredDocument> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        List<String> all = List.copyOf(ids);
        var response = ElasticCalls.call("Loading " + all.size() + " documents of read model [" + model.name() + "]",
                () -> client.mget(m -> m.index(index).ids(all), ObjectNode.class));
        for (var item : response.docs()) {
            if (item.isFailure()) {
                // not "absent": a handler would rebuild the document from nothing and lose what it held
                String error = item.failure().error().type();
                String message = "Loading document [" + item.failure().id() + "] of read model [" + model.name()
                        + "] failed on Elasticsearch: " + error + ": " + item.failure().error().reason();
                throw UNAVAILABLE.contains(error) ? new TransientStoreException(message, null) : new StoreException(message);
            }
            if (item.result().found()) {
                found.put(item.result().id(), new StoredDocument(ElasticJson.document(model, item.result().source()),
                        item.result().version()));
            }
        }
        return found;
    }

    @Override
    public void commit(WriteBatch batch) {
        write(batch, false);
        indexes.storeCheckpoint(batch.projection(), batch.checkpoint());
    }

    /**
     * Writes a batch's documents. Live writes wait for the refresh policy only in a batch that reaches
     * the head: while catching up they are left unrefreshed, so that a catch-up is not held to one batch
     * per refresh interval, and the next batch that reaches the head refreshes them all at once.
     */
    private void write(WriteBatch batch, boolean toShadow) {
        boolean refreshing = config.refresh() != Refresh.False;
        List<String> due = batch.reachesHead() && refreshing ? List.copyOf(unrefreshed) : List.of();
        boolean waitForRefresh = batch.reachesHead() && due.isEmpty();
        List<Runnable> bulks = new ArrayList<>();
        List<BulkOperation> operations = new ArrayList<>();
        List<DocumentWrite> chunk = new ArrayList<>();
        Set<String> live = new HashSet<>();
        boolean chunkLive = false;
        long bytes = 0;
        for (DocumentWrite write : batch.writes()) {
            String index = toShadow ? indexes.shadow(write.model()) : indexes.alias(write.model());
            if (!toShadow && !bulkLoading.contains(write.model().name())) {
                live.add(index);
                chunkLive = true;
            }
            BulkOperation operation;
            if (write instanceof DocumentWrite.Put put) {
                ObjectNode source = ElasticJson.source(write.model(), put.document());
                bytes += source.size() * 32L;
                operation = BulkOperation.of(o -> o.index(i -> i.index(index).id(write.id()).version(write.version())
                        .versionType(VersionType.External).document(source)));
            } else {
                operation = BulkOperation.of(o -> o.delete(d -> d.index(index).id(write.id()).version(write.version())
                        .versionType(VersionType.External)));
            }
            operations.add(operation);
            chunk.add(write);
            if (operations.size() == BULK_OPERATIONS || bytes > BULK_BYTES) {
                bulks.add(bulkOf(batch, operations, chunk, chunkLive && waitForRefresh));
                operations = new ArrayList<>();
                chunk = new ArrayList<>();
                chunkLive = false;
                bytes = 0;
            }
        }
        if (!operations.isEmpty()) {
            bulks.add(bulkOf(batch, operations, chunk, chunkLive && waitForRefresh));
        }
        sendAll(bulks);
        if (refreshing && !batch.reachesHead()) {
            unrefreshed.addAll(live); // after the writes succeeded: a refresh that runs sooner may miss them
        } else if (!due.isEmpty()) {
            refreshNow(due, live);
        }
    }

    /** Refreshes the indexes that catch-up batches left unrefreshed, and this batch's, in one request. */
    private void refreshNow(List<String> due, Set<String> live) {
        unrefreshed.removeAll(due);
        Set<String> all = new HashSet<>(due);
        all.addAll(live);
        try {
            indexes.refresh(all);
        } catch (RuntimeException e) {
            unrefreshed.addAll(due);
            throw e;
        }
    }

    private Runnable bulkOf(WriteBatch batch, List<BulkOperation> operations, List<DocumentWrite> writes, boolean refresh) {
        return () -> bulk(batch, operations, writes, refresh);
    }

    /**
     * Sends a batch's bulk requests, up to {@code bulkConcurrency} at once: each document appears once
     * per batch, so their order does not matter; the checkpoint is written only after all have succeeded.
     */
    private void sendAll(List<Runnable> bulks) {
        if (bulks.size() <= 1 || config.bulkConcurrency() == 1) {
            bulks.forEach(Runnable::run);
            return;
        }
        List<java.util.concurrent.Future<?>> inFlight = new ArrayList<>();
        RuntimeException failure = null;
        for (Runnable bulk : bulks) {
            inFlight.add(sender.submit(bulk));
        }
        for (java.util.concurrent.Future<?> future : inFlight) {
            try {
                future.get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r
                            : new StoreException("Bulk request failed: " + e.getCause(), e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException("Interrupted while sending bulk requests", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Sends one bulk request; retries its transiently failed items; reports any other failed item. */
    private void bulk(WriteBatch batch, List<BulkOperation> operations, List<DocumentWrite> writes, boolean refresh) {
        List<BulkOperation> pending = operations;
        List<DocumentWrite> pendingWrites = writes;
        for (int attempt = 0; ; attempt++) {
            List<BulkOperation> send = pending;
            BulkResponse response = ElasticCalls.call("Bulk of " + send.size() + " writes of projection [" + batch.projection()
                    + "] up to position [" + batch.checkpoint() + "]", () -> client.bulk(b -> b.operations(send)
                    .refresh(refresh ? config.refresh() : Refresh.False)));
            if (!response.errors()) {
                return;
            }
            List<BulkOperation> retry = new ArrayList<>();
            List<DocumentWrite> retryWrites = new ArrayList<>();
            for (int i = 0; i < response.items().size(); i++) {
                BulkResponseItem item = response.items().get(i);
                if (item.error() == null || "version_conflict_engine_exception".equals(item.error().type())) {
                    continue; // applied, or a newer version is there already: a replay, as expected
                }
                DocumentWrite write = pendingWrites.get(i); // items come back in the order of the operations
                if (ElasticCalls.transientStatus(item.status())) {
                    retry.add(send.get(i));
                    retryWrites.add(write);
                } else {
                    throw new StoreException("Elasticsearch rejected document [" + write.id() + "] of read model ["
                            + write.model().name() + "] written by event at position [" + write.version()
                            + "] of projection [" + batch.projection() + "]: " + item.error().type() + ": "
                            + item.error().reason());
                }
            }
            if (retry.isEmpty()) {
                return;
            }
            if (attempt == ITEM_RETRIES) {
                throw new TransientStoreException(retry.size() + " bulk items of projection [" + batch.projection()
                        + "] still rejected as overloaded after " + ITEM_RETRIES + " retries", null);
            }
            sleep(100L << attempt);
            pending = retry;
            pendingWrites = retryWrites;
        }
    }

    @Override
    public long checkpoint(String projection) {
        return indexes.loadCheckpoint(projection);
    }

    @Override
    public void truncate(String projection, List<ReadModel> models) {
        indexes.storeCheckpoint(projection, 0); // first: a crash in between replays into old documents, harmlessly
        for (ReadModel model : models) {
            List<String> old = indexes.physical(model);
            String fresh = indexes.createPhysical(model, true);
            indexes.moveAlias(model, old, fresh);
            old.forEach(indexes::delete);
            bulkLoading.add(model.name());
        }
    }

    @Override
    public void finishRebuild(String projection, List<ReadModel> models) {
        for (ReadModel model : models) {
            if (bulkLoading.remove(model.name())) {
                indexes.physical(model).forEach(index -> indexes.finishBulkLoad(index, config.replicas()));
            }
        }
    }

    @Override
    public List<Document> query(ReadModel model, Query query) {
        Query checked = model.check(query);
        ObjectNode body = ElasticQueries.query(model, checked);
        return ElasticResults.documents(model, ElasticCalls.call("Querying read model [" + model.name() + "] with " + checked,
                () -> client.search(s -> s.withJson(new StringReader(body.toString())).index(indexes.alias(model)),
                        ObjectNode.class)));
    }

    @Override
    public List<Document> aggregate(ReadModel model, Aggregation aggregation) {
        Aggregation checked = model.check(aggregation);
        return ElasticResults.aggregate(model, checked, after -> {
            ObjectNode body = ElasticQueries.aggregate(model, checked, after);
            return ElasticCalls.call("Aggregating read model [" + model.name() + "] with " + checked, () -> client.search(s -> s
                    .withJson(new StringReader(body.toString())).index(indexes.alias(model)), ObjectNode.class));
        });
    }

    @Override
    public SearchResult search(ReadModel model, SearchQuery search) {
        SearchQuery checked = model.check(search);
        ObjectNode body = ElasticQueries.search(model, checked);
        return ElasticResults.search(model, checked, ElasticCalls.call("Searching read model [" + model.name() + "] with " + checked,
                () -> client.search(s -> s.withJson(new StringReader(body.toString())).index(indexes.alias(model)),
                        ObjectNode.class)));
    }

    @Override
    public RebuildTarget beginRebuild(String projection, List<ReadModel> models) {
        for (ReadModel model : models) {
            indexes.newShadow(model);
        }
        indexes.storeCheckpoint(projection + "#rebuild", 0);
        return new Shadow(projection, List.copyOf(models));
    }

    @Override
    public DocumentWriter inTransaction(StoreTransaction transaction) {
        throw new ConfigurationException("Elasticsearch has no transactions to share: run search projections PERSISTENT, not INLINE");
    }

    /** Stops the bulk senders and closes the client's transport. */
    @Override
    public void close() {
        sender.shutdown();
        try {
            client._transport().close();
        } catch (java.io.IOException e) {
            // closing on the way out
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException("Interrupted while retrying a bulk request", e);
        }
    }

    private final class Shadow implements RebuildTarget {
        private final String projection;
        private final List<ReadModel> models;

        Shadow(String projection, List<ReadModel> models) {
            this.projection = projection;
            this.models = models;
        }

        @Override
        public Map<String, StoredDocument> load(ReadModel model, Collection<String> ids) {
            return ElasticReadModelStore.this.load(model, indexes.shadow(model), ids);
        }

        @Override
        public void commit(WriteBatch batch) {
            write(batch, true);
            indexes.storeCheckpoint(projection + "#rebuild", batch.checkpoint());
        }

        @Override
        public long checkpoint(String name) {
            return indexes.loadCheckpoint(projection + "#rebuild");
        }

        @Override
        public void swap() {
            for (ReadModel model : models) {
                indexes.finishBulkLoad(indexes.shadow(model), config.replicas());
            }
            indexes.swapShadows(models);
            indexes.storeCheckpoint(projection, indexes.loadCheckpoint(projection + "#rebuild"));
        }

        @Override
        public void abort() {
            models.forEach(indexes::dropShadow);
        }
    }
}
