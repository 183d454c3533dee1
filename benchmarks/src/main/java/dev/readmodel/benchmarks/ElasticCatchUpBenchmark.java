package dev.readmodel.benchmarks;

import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.engine.RebuildOptions;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.status.ProjectionState;
import dev.readmodel.elastic.ElasticConfig;
import dev.readmodel.elastic.ElasticReadModelStore;
import dev.readmodel.examples.products.ProductSearch;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A persistent projection catching up on Elasticsearch from checkpoint 0 along the live path (the
 * engine's default batches of 500 events, each loading its documents, writing them and its checkpoint),
 * beside a truncate rebuild of the same events by the same projection in the same round: what bringing
 * back a projection that was stopped for a while costs, against rebuilding it. Live commits wait for a
 * refresh only when they reach the head, so a catch-up is not held to one batch per refresh interval.
 */
record ElasticCatchUpBenchmark(ElasticConfig config, long events, int runs, PrintStream log) {
    List<Result> run() throws Exception {
        InMemoryEventStore store = new InMemoryEventStore();
        long loaded = ElasticRebuildBenchmark.loadProducts(store, events);
        log.printf("elastic catch-up: %,d product events in memory%n", loaded);
        ElasticsearchClient client = config.client();
        try (ElasticReadModelStore rebuilt = new ElasticReadModelStore(config);
                ProjectionEngine rebuilder = ProjectionEngine.builder(store)
                        .config(EngineConfig.DEFAULT.withRebuildBatchSize(50_000))
                        .register(ProductSearch.projection(), rebuilt, ProjectionMode.CATCH_UP).build()) {
            Stats.Paired paired = Stats.paired(runs, log, "elastic: catch-up", "events/s", () -> catchUp(store, client, loaded),
                    "elastic: rebuild", "events/s", () -> loaded * 1e9
                            / rebuilder.rebuild("product-search", RebuildOptions.TRUNCATE).elapsed().toNanos());
            return List.of(Result.paired("elastic catch-up vs rebuild", loaded, paired, "rebuild events/s", 0.2,
                    String.format(Locale.ROOT, "a persistent projection from checkpoint 0 over %d product events along "
                    + "the live path (batches of %d, each loading, writing and checkpointing), beside a truncate rebuild "
                    + "of the same events (batches of 50,000, refresh off); median of %d pairs after a warm-up", loaded,
                    EngineConfig.DEFAULT.batchSize(), runs)));
        } finally {
            client._transport().close();
        }
    }

    /** One catch-up into indexes of their own, deleted afterwards. */
    private double catchUp(InMemoryEventStore store, ElasticsearchClient client, long loaded) throws Exception {
        ElasticConfig fresh = config.withIndexPrefix(config.indexPrefix() + "-catchup");
        try {
            try (ElasticReadModelStore readModels = new ElasticReadModelStore(fresh);
                    ProjectionEngine engine = ProjectionEngine.builder(store)
                            .register(ProductSearch.projection(), readModels, ProjectionMode.PERSISTENT).build()) {
                long started = System.nanoTime();
                engine.start();
                if (!engine.awaitCaughtUp(Duration.ofMinutes(30))
                        || engine.status("product-search").state() == ProjectionState.FAULTED) {
                    throw new IllegalStateException("The catch-up did not finish: " + engine.status("product-search"));
                }
                return loaded * 1e9 / (System.nanoTime() - started);
            }
        } finally {
            // by name: clusters may refuse wildcard deletes (action.destructive_requires_name)
            List<String> made = List.copyOf(client.indices().get(g -> g.index(fresh.indexPrefix() + "-*")).result().keySet());
            if (!made.isEmpty()) {
                client.indices().delete(d -> d.index(made));
            }
        }
    }
}
