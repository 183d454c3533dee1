package dev.readmodel.benchmarks;

import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.engine.RebuildOptions;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.query.Query;
import dev.readmodel.elastic.ElasticConfig;
import dev.readmodel.elastic.ElasticReadModelStore;
import dev.readmodel.elastic.internal.ElasticJson;
import dev.readmodel.examples.history.EventLoader;
import dev.readmodel.examples.history.HistoryGenerator;
import dev.readmodel.examples.products.ProductSearch;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds product search from N product events into Elasticsearch, beside a raw {@code _bulk} load of
 * the same final documents into an index with the same mapping and bulk-load settings (refresh off, no
 * replicas), in the same run, with the same bulk size and one request in flight for both. Events come
 * from the in-memory event store. Both sides are measured in documents written per second, over the same
 * bulk path.
 */
final class ElasticRebuildBenchmark {
    private static final int BULK = 5_000;

    private final ElasticConfig config;
    private final long events;
    private final int runs;
    private final PrintStream log;

    ElasticRebuildBenchmark(ElasticConfig config, long events, int runs, PrintStream log) {
        this.config = config;
        this.events = events;
        this.runs = runs;
        this.log = log;
    }

    List<Result> run() throws Exception {
        InMemoryEventStore store = new InMemoryEventStore();
        long loaded = loadProducts(store, events);
        List<Document> finals = finalDocuments(store);
        log.printf("elastic: %,d product events in memory, %,d final products%n", loaded, finals.size());
        long writes;
        List<Double> rebuildEvents = new ArrayList<>();
        Stats.Paired paired;
        ElasticsearchClient client = config.client();
        try (ElasticReadModelStore readModels = new ElasticReadModelStore(config)) {
            WriteCounter counted = new WriteCounter(readModels);
            try (ProjectionEngine engine = ProjectionEngine.builder(store)
                    .config(EngineConfig.DEFAULT.withRebuildBatchSize(50_000))
                    .register(ProductSearch.projection(), counted, ProjectionMode.CATCH_UP).build()) {
                paired = Stats.paired(runs, log, "elastic: rebuild", "documents written/s", () -> {
                    counted.writes = 0;
                    long nanos = engine.rebuild("product-search", RebuildOptions.TRUNCATE).elapsed().toNanos();
                    rebuildEvents.add(loaded * 1e9 / nanos);
                    return counted.writes * 1e9 / nanos;
                }, "elastic: raw _bulk of " + finals.size() + " final documents", "docs/s", () -> rawBulk(client, finals));
            }
            writes = counted.writes;
            log.printf("elastic: each rebuild wrote %,d documents%n", writes);
            double eventsPerSecond = Stats.median(rebuildEvents.subList(1, rebuildEvents.size())); // without the warm-up
            return List.of(Result.paired("elastic rebuild vs raw _bulk x" + config.bulkConcurrency(), loaded, paired,
                    "_bulk docs/s", 0.7, String.format(java.util.Locale.ROOT, "rebuild of %d product events (from "
                    + "the in-memory event store, %,.0f events/s) into %d products; its rate here is documents written per "
                    + "second (%,d writes: a product changed in several batches is written several times), each run beside "
                    + "a raw _bulk of the same final documents: same mapping, refresh off, no replicas, bulks of %d, %d "
                    + "requests in flight for both; median of %d pairs after a warm-up", loaded, eventsPerSecond,
                    finals.size(), writes, BULK, config.bulkConcurrency(), runs)));
        } finally {
            client._transport().close();
        }
    }

    /** Appends {@code events} generated product events (seed 42) to {@code store}; returns how many. */
    static long loadProducts(InMemoryEventStore store, long events) throws Exception {
        return EventLoader.load(store, new HistoryGenerator(HistoryGenerator.Options.of(events, 42)
                .only(HistoryGenerator.Domain.PRODUCTS)), 10_000, n -> { });
    }

    /** Counts the document writes the rebuild sends. */
    private static final class WriteCounter extends dev.readmodel.core.spi.ForwardingReadModelStore {
        private long writes;

        WriteCounter(ElasticReadModelStore store) {
            super(store);
        }

        @Override
        public void commit(dev.readmodel.core.spi.WriteBatch batch) {
            writes += batch.writes().size();
            super.commit(batch);
        }
    }

    private static List<Document> finalDocuments(InMemoryEventStore store) throws Exception {
        InMemoryReadModelStore memory = new InMemoryReadModelStore();
        try (ProjectionEngine engine = ProjectionEngine.builder(store)
                .register(ProductSearch.projection(), memory, ProjectionMode.CATCH_UP).build()) {
            engine.start();
            engine.awaitCaughtUp(java.time.Duration.ofMinutes(5));
        }
        List<Document> all = new ArrayList<>();
        // after the last key rather than by offset: offsets end at Query.MAX_WINDOW
        for (String last = null; ; last = all.get(all.size() - 1).string("product_id")) {
            Query.Builder page = Query.builder().orderBy("product_id").limit(Query.MAX_LIMIT);
            if (last != null) {
                page.where(dev.readmodel.core.query.Filter.gt("product_id", last));
            }
            List<Document> documents = memory.query(ProductSearch.PRODUCTS, page.build());
            all.addAll(documents);
            if (documents.size() < Query.MAX_LIMIT) {
                return all;
            }
        }
    }

    private double rawBulk(ElasticsearchClient client, List<Document> documents) throws Exception {
        String index = config.indexPrefix() + "-raw-products";
        if (client.indices().exists(e -> e.index(index)).value()) {
            client.indices().delete(d -> d.index(index));
        }
        ObjectNode body = ElasticJson.indexBody(ProductSearch.PRODUCTS, true, 0);
        client.indices().create(c -> c.withJson(new StringReader(body.toString())).index(index));
        return Stats.rate(() -> {
            List<java.util.concurrent.Callable<Object>> bulks = new ArrayList<>();
            List<BulkOperation> operations = new ArrayList<>(BULK);
            for (Document document : documents) {
                ObjectNode source = ElasticJson.source(ProductSearch.PRODUCTS, document);
                String id = document.string("product_id");
                operations.add(BulkOperation.of(o -> o.index(i -> i.index(index).id(id).document(source))));
                if (operations.size() == BULK) {
                    List<BulkOperation> send = operations;
                    bulks.add(() -> client.bulk(b -> b.operations(send)));
                    operations = new ArrayList<>(BULK);
                }
            }
            if (!operations.isEmpty()) {
                List<BulkOperation> send = operations;
                bulks.add(() -> client.bulk(b -> b.operations(send)));
            }
            // the same number of requests in flight as the store uses
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(config.bulkConcurrency());
            try {
                for (java.util.concurrent.Future<?> done : pool.invokeAll(bulks)) {
                    done.get();
                }
            } finally {
                pool.shutdown();
            }
            client.indices().refresh(r -> r.index(index));
            return documents.size();
        });
    }
}
