package dev.readmodel.elastic.internal;

import dev.readmodel.core.error.CancelledException;
import dev.readmodel.core.error.StoreException;
import dev.readmodel.core.error.TransientStoreException;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.WriteBatch;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Writes batches through the bulk API, with external versioning by the position of the event that
 * caused each write, so that a replayed batch or a late older write cannot overwrite a newer state: the
 * version conflicts of replays count as applied. A batch becomes bulk requests of at most
 * {@value #BULK_OPERATIONS} operations or about 8 MiB, up to {@code concurrency} in flight on the
 * writer's own daemon threads; items that fail for a transient reason are retried with backoff, any
 * other failed item is reported with its document id and event position. Refreshes are as the
 * {@link RefreshTracker} says. Thread-safe; {@link #close()} stops the threads.
 */
public final class BulkWriter implements AutoCloseable {
    private static final int BULK_OPERATIONS = 5_000;
    private static final long BULK_BYTES = 8L << 20;
    private static final int ITEM_RETRIES = 5;

    private final ElasticsearchClient client;
    private final ElasticIndexes indexes;
    private final RefreshTracker refresh;
    private final int concurrency;
    private final ExecutorService sender;

    /** A writer with {@code concurrency} sender threads (1 sends on the caller's thread). */
    public BulkWriter(ElasticsearchClient client, ElasticIndexes indexes, RefreshTracker refresh, int concurrency) {
        this.client = client;
        this.indexes = indexes;
        this.refresh = refresh;
        this.concurrency = concurrency;
        this.sender = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "readmodel-elastic-bulk");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Writes {@code batch} through the aliases; writes to read models outside a bulk load are live. */
    public void writeLive(WriteBatch batch) {
        write(batch, indexes::alias, model -> !refresh.bulkLoading(model));
    }

    /** Writes {@code batch} into the shadow indexes of a zero-downtime rebuild, none of it live. */
    public void writeShadow(WriteBatch batch) {
        write(batch, indexes::shadow, model -> false);
    }

    private void write(WriteBatch batch, Function<ReadModel, String> indexOf, Predicate<ReadModel> live) {
        RefreshTracker.Round round = refresh.begin(batch);
        List<Runnable> bulks = new ArrayList<>();
        List<BulkOperation> operations = new ArrayList<>();
        List<DocumentWrite> chunk = new ArrayList<>();
        Set<String> liveIndexes = new HashSet<>();
        boolean chunkLive = false;
        long bytes = 0;
        for (DocumentWrite write : batch.writes()) {
            String index = indexOf.apply(write.model());
            if (live.test(write.model())) {
                liveIndexes.add(index);
                chunkLive = true;
            }
            if (write instanceof DocumentWrite.Put put) {
                ObjectNode source = ElasticJson.source(write.model(), put.document());
                bytes += source.size() * 32L;
                operations.add(BulkOperation.of(o -> o.index(i -> i.index(index).id(write.id()).version(write.version())
                        .versionType(VersionType.External).document(source))));
            } else {
                operations.add(BulkOperation.of(o -> o.delete(d -> d.index(index).id(write.id()).version(write.version())
                        .versionType(VersionType.External))));
            }
            chunk.add(write);
            if (operations.size() == BULK_OPERATIONS || bytes > BULK_BYTES) {
                bulks.add(bulkOf(batch, operations, chunk, chunkLive && round.waitForRefresh()));
                operations = new ArrayList<>();
                chunk = new ArrayList<>();
                chunkLive = false;
                bytes = 0;
            }
        }
        if (!operations.isEmpty()) {
            bulks.add(bulkOf(batch, operations, chunk, chunkLive && round.waitForRefresh()));
        }
        sendAll(bulks);
        refresh.finish(round, liveIndexes);
    }

    private Runnable bulkOf(WriteBatch batch, List<BulkOperation> operations, List<DocumentWrite> writes, boolean waitForRefresh) {
        return () -> bulk(batch, operations, writes, waitForRefresh);
    }

    /**
     * Sends a batch's bulk requests, up to {@code concurrency} at once: each document appears once per
     * batch, so their order does not matter; the caller writes the checkpoint only after all succeeded.
     */
    private void sendAll(List<Runnable> bulks) {
        if (bulks.size() <= 1 || concurrency == 1) {
            bulks.forEach(Runnable::run);
            return;
        }
        List<Future<?>> inFlight = new ArrayList<>();
        RuntimeException failure = null;
        for (Runnable bulk : bulks) {
            inFlight.add(sender.submit(bulk));
        }
        for (Future<?> future : inFlight) {
            try {
                future.get();
            } catch (ExecutionException e) {
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
    private void bulk(WriteBatch batch, List<BulkOperation> operations, List<DocumentWrite> writes, boolean waitForRefresh) {
        List<BulkOperation> pending = operations;
        List<DocumentWrite> pendingWrites = writes;
        for (int attempt = 0; ; attempt++) {
            List<BulkOperation> send = pending;
            BulkResponse response = ElasticCalls.call("Bulk of " + send.size() + " writes of projection [" + batch.projection()
                    + "] up to position [" + batch.checkpoint() + "]", () -> client.bulk(b -> b.operations(send)
                    .refresh(waitForRefresh ? refresh.policy() : Refresh.False)));
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException("Interrupted while retrying a bulk request", e);
        }
    }

    /** Stops the sender threads; a bulk in flight finishes. */
    @Override
    public void close() {
        sender.shutdown();
    }
}
