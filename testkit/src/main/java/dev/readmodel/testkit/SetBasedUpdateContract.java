package dev.readmodel.testkit;

import static dev.readmodel.testkit.SetBasedCatalog.PRODUCTS;
import static dev.readmodel.testkit.SetBasedCatalog.added;
import static dev.readmodel.testkit.SetBasedCatalog.capped;
import static dev.readmodel.testkit.SetBasedCatalog.checked;
import static dev.readmodel.testkit.SetBasedCatalog.dropped;
import static dev.readmodel.testkit.SetBasedCatalog.moved;
import static dev.readmodel.testkit.SetBasedCatalog.renamed;
import static dev.readmodel.testkit.SetBasedCatalog.touched;
import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.engine.RebuildOptions;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.spi.ForwardingReadModelStore;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.core.spi.StoredDocument;
import dev.readmodel.core.spi.WriteBatch;
import dev.readmodel.core.status.ProjectionError;
import dev.readmodel.core.status.ProjectionState;
import dev.readmodel.core.status.ProjectionStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What set-based writes ({@code ProjectionContext.updateAll} and {@code deleteAll}) promise on a store:
 * they change the stored documents and the batch's own pending ones that match as of their event, later
 * handlers see their result, a limit fails the event, a crash between the writes and the checkpoint
 * applies nothing twice, and rebuilds give the live model. Each store's integration test extends this
 * class and returns its store; the read model is truncated before each test.
 */
public abstract class SetBasedUpdateContract {
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final List<ReadModel> MODELS = List.of(PRODUCTS);

    /** The store under test, shared by the tests of a class. */
    protected abstract ReadModelStore store();

    private InMemoryEventStore events;
    private String projection;

    @BeforeEach
    void cleanReadModel() {
        events = new InMemoryEventStore();
        projection = "setbased-" + RUNS.incrementAndGet();
        store().prepare(MODELS);
        store().truncate(projection, MODELS);
        store().finishRebuild(projection, MODELS);
    }

    /** Appends {@code batch} and applies it as one batch of the engine. */
    private ProjectionStatus apply(ReadModelStore target, List<NewEvent> batch) throws Exception {
        SetBasedCatalog.append(events, batch);
        return run(target, 1_000, 1_000);
    }

    private ProjectionStatus run(ReadModelStore target, int batchSize, int rebuildBatchSize) throws Exception {
        try (ProjectionEngine engine = engine(target, batchSize, rebuildBatchSize)) {
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
            return engine.status(projection);
        }
    }

    private ProjectionEngine engine(ReadModelStore target, int batchSize, int rebuildBatchSize) {
        return ProjectionEngine.builder(events)
                .config(EngineConfig.DEFAULT.withBatchSize(batchSize).withRebuildBatchSize(rebuildBatchSize)
                        .withPollInterval(Duration.ofMillis(10)).withRetryDelays(Duration.ofMillis(1), Duration.ofMillis(5)))
                .register(SetBasedCatalog.projection(projection), target, ProjectionMode.CATCH_UP).build();
    }

    private Map<String, Document> products() {
        Map<String, Document> byId = new LinkedHashMap<>();
        StoreContents.of(store(), MODELS).get(PRODUCTS.name()).forEach(d -> byId.put(d.string("product_id"), d));
        return byId;
    }

    private static List<NewEvent> productsOf(String category, int from, int count) {
        List<NewEvent> added = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            added.add(added("p" + i, category));
        }
        return added;
    }

    private static Map<String, Long> countByCategory(Map<String, Document> products) {
        Map<String, Long> counts = new LinkedHashMap<>();
        products.values().forEach(d -> counts.merge(d.string("category"), 1L, Long::sum));
        return counts;
    }

    @Test
    void aRenameMovesEveryStoredAndPendingProductOfTheCategoryAndNoOther() throws Exception {
        List<NewEvent> first = new ArrayList<>(productsOf("books", 0, 150));
        first.addAll(productsOf("music", 150, 40));
        apply(store(), first);
        List<NewEvent> second = new ArrayList<>(productsOf("books", 190, 50)); // pending: written in this batch
        for (int i = 0; i < 10; i++) {
            second.add(moved("p" + i, "music")); // stored books that no longer match when the rename runs
        }
        second.add(renamed("books", "reading"));
        assertThat(apply(store(), second).state()).isNotEqualTo(ProjectionState.FAULTED);
        Map<String, Document> products = products();
        assertThat(countByCategory(products)).containsOnly(Map.entry("reading", 190L), Map.entry("music", 50L));
        assertThat(products.get("p0").longValue("touched", -1)).isZero();
        assertThat(products.get("p10").longValue("touched", -1)).isEqualTo(1);
        assertThat(products.get("p200").longValue("touched", -1)).isEqualTo(1);
        assertThat(products.get("p160").longValue("touched", -1)).isZero();
    }

    @Test
    void keyedAndSetBasedWritesToOneDocumentInOneBatchApplyInEventOrder() throws Exception {
        apply(store(), List.of(added("a", "toys"), added("b", "toys"), added("c", "games")));
        apply(store(), List.of(
                moved("a", "games"), renamed("games", "boards"), // keyed first, then set-based: a is renamed
                renamed("toys", "dolls"), moved("b", "kites"),   // set-based first, then keyed: b leaves dolls
                checked("a"), checked("b"), touched("boards"), touched("dolls")));
        Map<String, Document> products = products();
        assertThat(products.get("a").string("category")).isEqualTo("boards");
        assertThat(products.get("a").string("seen")).isEqualTo("boards");
        assertThat(products.get("a").longValue("touched", -1)).isEqualTo(2);
        assertThat(products.get("b").string("category")).isEqualTo("kites");
        assertThat(products.get("b").string("seen")).isEqualTo("kites");
        assertThat(products.get("b").longValue("touched", -1)).isEqualTo(1);
        assertThat(products.get("c").string("category")).isEqualTo("boards");
        assertThat(products.get("c").longValue("touched", -1)).isEqualTo(2);
    }

    @Test
    void laterEventsOfTheBatchSeeWhatASetBasedWriteDid() throws Exception {
        apply(store(), productsOf("old", 0, 20));
        apply(store(), List.of(renamed("old", "new"), touched("new"), touched("old"), checked("p3"), renamed("new", "newer")));
        Map<String, Document> products = products();
        assertThat(countByCategory(products)).containsOnly(Map.entry("newer", 20L));
        products.values().forEach(d -> assertThat(d.longValue("touched", -1)).isEqualTo(3));
        assertThat(products.get("p3").string("seen")).isEqualTo("new");
    }

    @Test
    void deleteAllRemovesTheCategoryAndLaterEventsMayRefillIt() throws Exception {
        apply(store(), productsOf("stale", 0, 30));
        apply(store(), List.of(added("x", "fresh"), added("y", "stale"), dropped("stale"), added("z", "stale"), touched("stale")));
        Map<String, Document> products = products();
        assertThat(products.keySet()).containsExactlyInAnyOrder("x", "z");
        assertThat(products.get("z").longValue("touched", -1)).isEqualTo(1);
    }

    @Test
    void aSetBasedWriteOverItsLimitFailsTheEventNamingWhatItAsked() throws Exception {
        apply(store(), productsOf("small", 0, SetBasedCatalog.CAPPED_LIMIT));
        apply(store(), List.of(capped("small")));
        assertThat(products().values()).allSatisfy(d -> assertThat(d.longValue("touched", -1)).isEqualTo(1));

        ProjectionStatus status = apply(store(), List.of(added("one-more", "small"), capped("small")));
        assertThat(status.state()).isEqualTo(ProjectionState.FAULTED);
        ProjectionError error = status.lastError().orElseThrow();
        assertThat(error.position()).isEqualTo(events.size());
        assertThat(error.message()).contains(projection, "[" + events.size() + "]", PRODUCTS.name(), "category",
                "small", "[" + SetBasedCatalog.CAPPED_LIMIT + "]");
        // the event before it committed alone, in a batch short of the head: loaded by id, as queries may not see it yet
        List<String> ids = List.of("p0", "p1", "p2", "p3", "p4", "one-more");
        Map<String, StoredDocument> stored = store().load(PRODUCTS, ids);
        assertThat(stored.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        stored.forEach((id, d) -> assertThat(d.document().longValue("touched", -1)).as(id).isEqualTo(id.equals("one-more") ? 0 : 1));
    }

    @Test
    void aCrashBetweenTheWritesAndTheCheckpointAppliesNothingTwice() throws Exception {
        apply(store(), productsOf("hot", 0, 40));
        List<NewEvent> batch = List.of(touched("hot"), renamed("hot", "warm"), touched("warm"), added("late", "warm"),
                touched("warm"));
        CrashAfterWrites crashing = new CrashAfterWrites(store());
        ProjectionStatus crashed = apply(crashing, batch);
        assertThat(crashing.crashes).isEqualTo(1);
        assertThat(crashed.state()).isEqualTo(ProjectionState.FAULTED);
        assertThat(store().checkpoint(projection)).isEqualTo(40);

        assertThat(run(store(), 1_000, 1_000).checkpoint()).isEqualTo(events.size()); // the batch read again
        Map<String, Document> products = products();
        assertThat(countByCategory(products)).containsOnly(Map.entry("warm", 41L));
        products.forEach((id, d) -> assertThat(d.longValue("touched", -1)).as(id).isEqualTo(id.equals("late") ? 1 : 4));
    }

    @Test
    void aRandomHistoryGivesOneModelWhateverTheBatchesAndRebuildsEqualIt() throws Exception {
        SetBasedCatalog.append(events, SetBasedCatalog.history(new Random(19), 120));
        InMemoryReadModelStore reference = new InMemoryReadModelStore();
        reference.prepare(MODELS);
        run(reference, 1, 1);
        Map<String, List<Document>> expected = StoreContents.of(reference, MODELS);
        assertThat(expected.get(PRODUCTS.name())).hasSizeGreaterThan(5);

        run(store(), 7, 1_000);
        assertThat(StoreContents.of(store(), MODELS)).isEqualTo(expected);
        for (RebuildOptions options : List.of(RebuildOptions.TRUNCATE, RebuildOptions.ZERO_DOWNTIME)) {
            try (ProjectionEngine engine = engine(store(), 1_000, 17)) {
                engine.rebuild(projection, options);
            }
            assertThat(StoreContents.of(store(), MODELS)).as(options.toString()).isEqualTo(expected);
        }
    }

    /** Commits the writes of the first batch that has any, keeps the old checkpoint, then dies as a process would. */
    private static final class CrashAfterWrites extends ForwardingReadModelStore {
        int crashes;

        CrashAfterWrites(ReadModelStore store) {
            super(store);
        }

        @Override
        public void commit(WriteBatch batch) {
            if (crashes == 0 && !batch.writes().isEmpty()) {
                delegate.commit(new WriteBatch(batch.projection(), batch.writes(), delegate.checkpoint(batch.projection())));
                crashes++;
                throw new Error("simulated crash between the writes and the checkpoint");
            }
            delegate.commit(batch);
        }
    }
}
