package dev.readmodel.elastic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.engine.RebuildOptions;
import dev.readmodel.core.error.StoreException;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.Checkpoint;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.query.SearchQuery;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.WriteBatch;
import dev.readmodel.testkit.SampleOrders;
import dev.readmodel.testkit.StoreContents;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** External versioning keeps Elasticsearch in the state of a clean replay, whatever order writes arrive in. */
class ElasticOrderingIT {
    private static final ReadModel NOTES = ReadModel.named("notes").key("id").field("text", FieldType.TEXT)
            .field("n", FieldType.LONG).build();
    private static final List<ReadModel> MODELS = List.of(SampleOrders.ORDERS, SampleOrders.CUSTOMERS);
    private static final InMemoryEventStore EVENTS = new InMemoryEventStore();
    private static ElasticConfig config;
    private static ElasticReadModelStore store;

    @BeforeAll
    static void start() {
        config = ElasticServer.freshPrefix();
        store = new ElasticReadModelStore(config);
        SampleOrders.appendTo(EVENTS, SampleOrders.history(new Random(8), 600), "");
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    private static DocumentWrite put(String id, long version, String text) {
        return new DocumentWrite.Put(NOTES, id, NOTES.conform(id, Document.of("text", text, "n", version)), version);
    }

    @Test
    void anOlderWriteArrivingAfterANewerOneChangesNothingAndDeletesStayDeleted() {
        store.prepare(List.of(NOTES));
        store.commit(new WriteBatch("notes", List.of(put("a", 5, "newer"), put("b", 2, "kept")), 5));
        store.commit(new WriteBatch("notes", List.of(put("a", 3, "older"), put("a", 5, "same version again")), 5));
        assertThat(store.load(NOTES, List.of("a")).get("a").document().string("text")).isEqualTo("newer");
        assertThat(store.load(NOTES, List.of("a")).get("a").version()).isEqualTo(5);
        store.commit(new WriteBatch("notes", List.of(new DocumentWrite.Delete(NOTES, "b", 7)), 7));
        store.commit(new WriteBatch("notes", List.of(put("b", 6, "replayed before the delete")), 7));
        assertThat(store.load(NOTES, List.of("b"))).isEmpty();
        assertThat(store.query(NOTES, Query.all())).extracting(d -> d.string("id")).containsExactly("a");
    }

    @Test
    void everyEventDeliveredTwiceEndsInTheStateOfACleanReplay() throws Exception {
        InMemoryReadModelStore reference = new InMemoryReadModelStore();
        for (var target : List.of(reference, store)) {
            try (ProjectionEngine engine = ProjectionEngine.builder(EVENTS).config(EngineConfig.DEFAULT.withBatchSize(300))
                    .register(SampleOrders.projection("twice"), target, ProjectionMode.CATCH_UP).build()) {
                engine.start();
                assertThat(engine.awaitCaughtUp(Duration.ofMinutes(1))).isTrue();
            }
        }
        store.checkpoints().store(new Checkpoint("twice", 0));
        try (ProjectionEngine again = ProjectionEngine.builder(EVENTS).config(EngineConfig.DEFAULT.withBatchSize(170))
                .register(SampleOrders.projection("twice"), store, ProjectionMode.CATCH_UP).build()) {
            again.start();
            assertThat(again.awaitCaughtUp(Duration.ofMinutes(1))).isTrue();
        }
        assertThat(StoreContents.of(store, MODELS)).isEqualTo(StoreContents.of(reference, MODELS));
    }

    @Test
    void aRejectedItemIsReportedWithItsDocumentAndPositionWhileTheRestOfTheBulkIsWritten() throws Exception {
        ReadModel strict = ReadModel.named("strict").key("id").field("n", FieldType.LONG).build();
        // an index whose mapping disagrees with the declaration: "n" must be a boolean there
        ElasticsearchClient client = config.client();
        String index = config.indexPrefix() + "-strict-manual";
        client.indices().create(c -> c.withJson(new StringReader("{\"mappings\":{\"dynamic\":\"strict\",\"properties\":"
                + "{\"id\":{\"type\":\"keyword\"},\"n\":{\"type\":\"boolean\"}}},\"aliases\":{\"" + config.indexPrefix()
                + "-strict\":{}}}")).index(index));
        client._transport().close();
        List<DocumentWrite> writes = new ArrayList<>();
        writes.add(new DocumentWrite.Put(strict, "ok", strict.conform("ok", Document.of()), 41));
        writes.add(new DocumentWrite.Put(strict, "bad", strict.conform("bad", Document.of("n", 12L)), 42));
        assertThatThrownBy(() -> store.commit(new WriteBatch("strict", writes, 42)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("[bad]").hasMessageContaining("[strict]").hasMessageContaining("position [42]")
                .hasMessageContaining("document_parsing_exception");
        assertThat(store.load(strict, List.of("ok", "bad"))).containsOnlyKeys("ok");
        assertThat(store.checkpoint("strict")).as("no checkpoint past a failed write").isZero();
    }

    @Test
    void searchesKeepAnsweringDuringAZeroDowntimeRebuild() throws Exception {
        try (ProjectionEngine engine = ProjectionEngine.builder(EVENTS).config(EngineConfig.DEFAULT.withRebuildBatchSize(200))
                .register(SampleOrders.projection("searched"), store, ProjectionMode.PERSISTENT).build()) {
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofMinutes(1))).isTrue();
            SearchQuery open = SearchQuery.matching("").where(dev.readmodel.core.query.Filter.eq("status", "open"))
                    .facets("status").page(0, 0).build();
            long before = engine.search(SampleOrders.ORDERS.name(), open).total();
            AtomicBoolean rebuilding = new AtomicBoolean(true);
            List<Long> seen = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> {
                while (rebuilding.get()) {
                    seen.add(engine.search(SampleOrders.ORDERS.name(), open).total());
                }
            });
            reader.start();
            engine.rebuild("searched", RebuildOptions.ZERO_DOWNTIME);
            rebuilding.set(false);
            reader.join();
            assertThat(seen).hasSizeGreaterThan(3).allMatch(n -> n == before);
            assertThat(engine.search(SampleOrders.ORDERS.name(), open).total()).isEqualTo(before);
            engine.rebuild("searched", RebuildOptions.TRUNCATE);
            assertThat(engine.search(SampleOrders.ORDERS.name(), open).total()).isEqualTo(before);
        }
    }
}
