package dev.readmodel.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.query.Aggregation;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.core.spi.RebuildTarget;
import dev.readmodel.core.spi.StoredDocument;
import dev.readmodel.core.spi.WriteBatch;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ReadModelStore} must do, checked against the real backend: each store's
 * integration test extends this class and returns its store. The read models used here are truncated
 * before each test; the store must make committed writes visible to the next query.
 */
public abstract class ReadModelStoreContract {
    /** A read model with a field of every type. */
    protected static final ReadModel ITEMS = ReadModel.named("contract_items")
            .key("id")
            .field("name", FieldType.KEYWORD)
            .field("title", FieldType.TEXT)
            .field("qty", FieldType.LONG)
            .field("score", FieldType.DOUBLE)
            .field("price", FieldType.DECIMAL)
            .field("active", FieldType.BOOLEAN)
            .field("at", FieldType.TIMESTAMP)
            .field("day", FieldType.DATE)
            .field("tags", FieldType.KEYWORD_LIST)
            .build();
    /** A second read model of the same projection. */
    protected static final ReadModel NOTES = ReadModel.named("contract_notes")
            .key("id")
            .field("text", FieldType.KEYWORD)
            .build();
    /** The projection name the contract commits under. */
    protected static final String PROJECTION = "contract";
    private static final List<ReadModel> MODELS = List.of(ITEMS, NOTES);

    /** Strings that break naive quoting in SQL, JSON or query languages. */
    protected static final List<String> HOSTILE = List.of("O'Brien", "' OR '1'='1", "a\\'b", "back\\slash\\",
            "\"quoted\"", "semi; DROP TABLE contract_items; --", "-- comment", "/* c */", "unicode é ü 中文 🚀",
            "new\nline", "tab\there", "%_wild*?", "{\"json\":1}", "$1 ? :name {p:String}");

    /** The store under test, prepared for connections; called before every test. */
    protected abstract ReadModelStore store();

    @BeforeEach
    void cleanReadModels() {
        store().prepare(MODELS);
        // truncate starts a rebuild; finishRebuild ends it (stores may turn refresh off in between)
        store().truncate(PROJECTION, MODELS);
        store().finishRebuild(PROJECTION, MODELS);
        store().truncate("sample", List.of(SampleOrders.ORDERS, SampleOrders.CUSTOMERS));
        store().finishRebuild("sample", List.of(SampleOrders.ORDERS, SampleOrders.CUSTOMERS));
    }

    private void commit(long checkpoint, DocumentWrite... writes) {
        store().commit(new WriteBatch(PROJECTION, List.of(writes), checkpoint));
    }

    private static DocumentWrite put(ReadModel model, String id, long version, Object... fields) {
        return new DocumentWrite.Put(model, id, model.conform(id, Document.of(fields)), version);
    }

    private List<Document> query(Query query) {
        return store().query(ITEMS, ITEMS.check(query));
    }

    private List<String> ids(Query query) {
        return query(query).stream().map(d -> d.string("id")).toList();
    }

    @Test
    void commitsWritesWithTheirVersionsAndTheCheckpoint() {
        commit(10, put(ITEMS, "a", 3, "name", "alpha"), put(ITEMS, "b", 7, "name", "beta"), put(NOTES, "n", 9, "text", "x"));
        Map<String, StoredDocument> loaded = store().load(ITEMS, List.of("a", "b", "missing"));
        assertThat(loaded).containsOnlyKeys("a", "b");
        assertThat(loaded.get("a").document().string("name")).isEqualTo("alpha");
        assertThat(loaded.get("a").version()).isEqualTo(3);
        assertThat(loaded.get("b").version()).isEqualTo(7);
        assertThat(store().load(NOTES, List.of("n")).get("n").document().string("text")).isEqualTo("x");
        assertThat(store().checkpoint(PROJECTION)).isEqualTo(10);
        assertThat(store().checkpoints().load(PROJECTION)).isEqualTo(10);
        assertThat(store().checkpoint("another-projection")).isZero();
    }

    @Test
    void laterWritesReplaceWholeDocumentsAndDeletesRemoveThem() {
        commit(1, put(ITEMS, "a", 1, "name", "alpha", "qty", 1), put(ITEMS, "b", 1, "name", "beta"));
        commit(2, put(ITEMS, "a", 2, "name", "alpha-2"), new DocumentWrite.Delete(ITEMS, "b", 2),
                new DocumentWrite.Delete(ITEMS, "never-existed", 2));
        Map<String, StoredDocument> loaded = store().load(ITEMS, List.of("a", "b"));
        assertThat(loaded).containsOnlyKeys("a");
        assertThat(loaded.get("a").document().string("name")).isEqualTo("alpha-2");
        assertThat(loaded.get("a").document().get("qty")).as("replaced, not merged").isNull();
        assertThat(ids(Query.all())).containsExactly("a");
        assertThat(store().checkpoint(PROJECTION)).isEqualTo(2);
    }

    @Test
    void everyFieldTypeRoundTripsExactly() {
        Document written = ITEMS.conform("x", Document.of("name", "n", "title", "A title", "qty", Long.MAX_VALUE,
                "score", 0.125, "price", new BigDecimal("12345678.91"), "active", true,
                "at", Instant.parse("2024-02-29T23:59:59.123Z"), "day", LocalDate.parse("2024-02-29"),
                "tags", List.of("red", "blue")));
        commit(1, new DocumentWrite.Put(ITEMS, "x", written, 1));
        Document read = query(Query.all()).get(0);
        for (String field : ITEMS.fields().keySet()) {
            assertThat(Document.of(field, read.get(field))).as(field).isEqualTo(Document.of(field, written.get(field)));
        }
        assertThat(store().load(ITEMS, List.of("x")).get("x").document()).isEqualTo(written);
    }

    /** A read model with a list field of every scalar type, in a projection of its own. */
    protected static final ReadModel LISTS = ReadModel.named("contract_lists")
            .key("id")
            .field("longs", FieldType.LONG_LIST)
            .field("doubles", FieldType.DOUBLE_LIST)
            .field("decimals", FieldType.DECIMAL_LIST)
            .field("flags", FieldType.BOOLEAN_LIST)
            .field("times", FieldType.TIMESTAMP_LIST)
            .field("days", FieldType.DATE_LIST)
            .build();

    @Test
    void everyListFieldTypeRoundTripsExactlyAndFiltersOnItems() {
        store().prepare(List.of(LISTS));
        store().truncate("contract-lists", List.of(LISTS));
        store().finishRebuild("contract-lists", List.of(LISTS));
        Document written = LISTS.conform("x", Document.of("longs", List.of(Long.MIN_VALUE, 3L, 3L),
                "doubles", List.of(0.125, -1e300), "decimals", List.of(new BigDecimal("12345678.91"), new BigDecimal("-0.5")),
                "flags", List.of(false, true), "times", List.of(Instant.parse("2024-02-29T23:59:59.123Z"),
                        Instant.parse("1960-01-01T00:00:00Z")), "days", List.of(LocalDate.parse("2024-02-29"))));
        Document other = LISTS.conform("y", Document.of("longs", List.of(4L), "flags", List.of(true)));
        store().commit(new WriteBatch("contract-lists", List.of(new DocumentWrite.Put(LISTS, "x", written, 1),
                new DocumentWrite.Put(LISTS, "y", other, 1)), 1));

        assertThat(store().load(LISTS, List.of("x")).get("x").document()).isEqualTo(written);
        assertThat(listIds(Filter.eq("longs", 3))).containsExactly("x");
        assertThat(listIds(Filter.in("longs", List.of(4, 5)))).containsExactly("y");
        assertThat(listIds(Filter.eq("doubles", -1e300))).containsExactly("x");
        assertThat(listIds(Filter.eq("decimals", "-0.50"))).containsExactly("x");
        assertThat(listIds(Filter.eq("flags", true))).containsExactly("x", "y");
        assertThat(listIds(Filter.in("times", List.of("1960-01-01T00:00:00Z")))).containsExactly("x");
        assertThat(listIds(Filter.eq("days", "2024-02-29"))).containsExactly("x");
        assertThat(listIds(Filter.eq("days", null))).containsExactly("y");
    }

    private List<String> listIds(Filter filter) {
        return store().query(LISTS, LISTS.check(Query.builder().where(filter).orderBy("id").build())).stream()
                .map(d -> d.string("id")).toList();
    }

    @Test
    void absentFieldsReadBackAsAbsentOrNullAndEmptyListsStayEmpty() {
        commit(1, put(ITEMS, "x", 1, "name", "only", "tags", List.of()));
        Document read = query(Query.all()).get(0);
        assertThat(read.get("qty")).isNull();
        assertThat(read.list("tags")).isEmpty();
    }

    @Test
    void hostileStringsAreStoredAndMatchedLiterally() {
        List<DocumentWrite> writes = new ArrayList<>();
        for (int i = 0; i < HOSTILE.size(); i++) {
            writes.add(put(ITEMS, "h" + i, 1, "name", HOSTILE.get(i), "tags", List.of(HOSTILE.get(i))));
        }
        store().commit(new WriteBatch(PROJECTION, writes, 1));
        for (int i = 0; i < HOSTILE.size(); i++) {
            String value = HOSTILE.get(i);
            assertThat(ids(Query.builder().where(Filter.eq("name", value)).build())).as(value).containsExactly("h" + i);
            assertThat(ids(Query.builder().where(Filter.eq("tags", value)).build())).as(value).containsExactly("h" + i);
            assertThat(ids(Query.builder().where(Filter.in("name", List.of(value, "zzz"))).build())).as(value)
                    .containsExactly("h" + i);
        }
        assertThat(query(Query.builder().limit(100).build())).hasSize(HOSTILE.size());
        assertThat(store().load(ITEMS, List.of("h3")).get("h3").document().string("name")).isEqualTo(HOSTILE.get(3));
    }

    @Test
    void filtersSelectByEqualityMembershipRangesAndListMembers() {
        commit(1, put(ITEMS, "a", 1, "name", "x", "qty", 1, "price", "1.50", "active", true,
                        "at", Instant.parse("2024-01-01T00:00:00Z"), "day", "2024-01-01", "tags", List.of("t1", "t2")),
                put(ITEMS, "b", 1, "name", "y", "qty", 5, "price", "10.00", "active", false,
                        "at", Instant.parse("2024-02-01T00:00:00Z"), "day", "2024-02-01", "tags", List.of("t2")),
                put(ITEMS, "c", 1, "name", "z", "qty", 10, "price", "100", "active", true,
                        "at", Instant.parse("2024-03-01T00:00:00Z"), "day", "2024-03-01"));
        assertThat(ids(Query.builder().where(Filter.eq("name", "y")).build())).containsExactly("b");
        assertThat(ids(Query.builder().where(Filter.in("name", List.of("x", "z"))).build())).containsExactly("a", "c");
        assertThat(ids(Query.builder().where(Filter.gte("qty", 5)).build())).containsExactly("b", "c");
        assertThat(ids(Query.builder().where(Filter.gt("qty", 5)).build())).containsExactly("c");
        assertThat(ids(Query.builder().where(Filter.lte("qty", 5)).build())).containsExactly("a", "b");
        assertThat(ids(Query.builder().where(Filter.lt("qty", 5)).build())).containsExactly("a");
        assertThat(ids(Query.builder().where(Filter.between("price", "1.5", "100")).build())).containsExactly("a", "b");
        assertThat(ids(Query.builder().where(Filter.eq("active", true)).build())).containsExactly("a", "c");
        assertThat(ids(Query.builder().where(Filter.gte("at", "2024-02-01T00:00:00Z")).build())).containsExactly("b", "c");
        assertThat(ids(Query.builder().where(Filter.lt("day", "2024-02-01")).build())).containsExactly("a");
        assertThat(ids(Query.builder().where(Filter.eq("tags", "t2")).build())).containsExactly("a", "b");
        assertThat(ids(Query.builder().where(Filter.eq("tags", "t1"), Filter.gte("qty", 1)).build())).containsExactly("a");
        assertThat(ids(Query.builder().where(Filter.eq("qty", 7)).build())).isEmpty();
    }

    @Test
    void orderPutsNullsLastInBothDirectionsAndBreaksTiesByKey() {
        commit(1, put(ITEMS, "a", 1, "qty", 2, "name", "m"), put(ITEMS, "b", 1, "qty", 1, "name", "m"),
                put(ITEMS, "c", 1, "name", "a"), put(ITEMS, "d", 1, "qty", 2, "name", "z"));
        assertThat(ids(Query.builder().orderBy("qty").build())).containsExactly("b", "a", "d", "c");
        assertThat(ids(Query.builder().orderBy("-qty").build())).containsExactly("a", "d", "b", "c");
        assertThat(ids(Query.builder().orderBy("-qty", "-name").build())).containsExactly("d", "a", "b", "c");
        assertThat(ids(Query.builder().orderBy("name", "qty").build())).containsExactly("c", "b", "a", "d");
    }

    @Test
    void limitAndOffsetPageThroughEverythingOnce() {
        List<DocumentWrite> writes = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            writes.add(put(ITEMS, String.format("k%02d", i), 1, "qty", i % 4));
        }
        store().commit(new WriteBatch(PROJECTION, writes, 1));
        List<String> paged = new ArrayList<>();
        for (int offset = 0; offset < 30; offset += 7) {
            paged.addAll(ids(Query.builder().orderBy("-qty").limit(7).offset(offset).build()));
        }
        assertThat(paged).hasSize(25).doesNotHaveDuplicates();
        assertThat(ids(Query.builder().limit(0).build())).isEmpty();
        assertThat(ids(Query.builder().offset(100).build())).isEmpty();
    }

    @Test
    void aggregationsGroupCountAndSumExactlyAndOrderByMetrics() {
        commit(1, put(ITEMS, "a", 1, "name", "x", "qty", 1, "price", "0.10", "active", true, "day", "2024-01-01"),
                put(ITEMS, "b", 1, "name", "x", "qty", 2, "price", "0.20", "active", false, "day", "2024-01-01"),
                put(ITEMS, "c", 1, "name", "y", "qty", 3, "price", "100.05", "active", true, "day", "2024-02-01"),
                put(ITEMS, "d", 1, "name", "z", "active", true),
                put(ITEMS, "e", 1, "qty", 7, "price", "1"));
        List<Document> byName = store().aggregate(ITEMS, ITEMS.check(Aggregation.builder().groupBy("name")
                .count("n").sum("price", "revenue").sum("qty", "units").build()));
        assertThat(byName).containsExactly(
                Document.of("name", "x", "n", 2L, "revenue", new BigDecimal("0.30"), "units", 3L),
                Document.of("name", "y", "n", 1L, "revenue", new BigDecimal("100.05"), "units", 3L),
                Document.of("name", "z", "n", 1L),
                Document.of("n", 1L, "revenue", new BigDecimal("1"), "units", 7L));
        assertThat(store().aggregate(ITEMS, ITEMS.check(Aggregation.builder().groupBy("name").sum("price", "revenue")
                .where(Filter.eq("active", true)).orderBy("-revenue").limit(1).build())))
                .containsExactly(Document.of("name", "y", "revenue", new BigDecimal("100.05")));
        assertThat(store().aggregate(ITEMS, ITEMS.check(Aggregation.builder().groupBy("day", "active").count("n")
                .where(Filter.gte("day", "2024-01-01")).build())))
                .containsExactly(Document.of("day", LocalDate.parse("2024-01-01"), "active", false, "n", 1L),
                        Document.of("day", LocalDate.parse("2024-01-01"), "active", true, "n", 1L),
                        Document.of("day", LocalDate.parse("2024-02-01"), "active", true, "n", 1L));
        assertThat(store().aggregate(ITEMS, ITEMS.check(Aggregation.builder().count("n").sum("qty", "units").build())))
                .containsExactly(Document.of("n", 5L, "units", 13L));
    }

    @Test
    void truncateEmptiesTheModelsAndResetsTheCheckpoint() {
        commit(5, put(ITEMS, "a", 5, "name", "x"), put(NOTES, "n", 5, "text", "y"));
        store().truncate(PROJECTION, MODELS);
        store().finishRebuild(PROJECTION, MODELS);
        assertThat(ids(Query.all())).isEmpty();
        assertThat(store().load(NOTES, List.of("n"))).isEmpty();
        assertThat(store().checkpoint(PROJECTION)).isZero();
    }

    @Test
    void prepareIsSafeToRepeatAndKeepsData() {
        commit(1, put(ITEMS, "a", 1, "name", "x"));
        store().prepare(MODELS);
        assertThat(ids(Query.all())).containsExactly("a");
    }

    @Test
    void aShadowRebuildIsInvisibleUntilSwappedThenReplacesModelsAndCheckpoint() {
        commit(5, put(ITEMS, "old", 5, "name", "old"), put(NOTES, "n-old", 5, "text", "old"));
        RebuildTarget shadow = store().beginRebuild(PROJECTION, MODELS);
        shadow.commit(new WriteBatch(PROJECTION, List.of(put(ITEMS, "new", 3, "name", "new"),
                put(NOTES, "n-new", 3, "text", "new")), 7));
        assertThat(shadow.checkpoint(PROJECTION)).isEqualTo(7);
        assertThat(shadow.load(ITEMS, List.of("new", "old"))).containsOnlyKeys("new");
        assertThat(ids(Query.all())).as("live model untouched before the swap").containsExactly("old");
        assertThat(store().checkpoint(PROJECTION)).isEqualTo(5);

        shadow.swap();
        assertThat(ids(Query.all())).containsExactly("new");
        assertThat(store().load(NOTES, List.of("n-new", "n-old"))).containsOnlyKeys("n-new");
        assertThat(store().checkpoint(PROJECTION)).isEqualTo(7);
        commit(8, put(ITEMS, "after", 8, "name", "after"));
        assertThat(ids(Query.all())).containsExactly("after", "new");
    }

    @Test
    void anAbortedShadowRebuildLeavesTheLiveModelsAsTheyWere() {
        commit(5, put(ITEMS, "old", 5, "name", "old"));
        RebuildTarget shadow = store().beginRebuild(PROJECTION, MODELS);
        shadow.commit(new WriteBatch(PROJECTION, List.of(put(ITEMS, "new", 3, "name", "new")), 7));
        shadow.abort();
        assertThat(ids(Query.all())).containsExactly("old");
        assertThat(store().checkpoint(PROJECTION)).isEqualTo(5);
        RebuildTarget again = store().beginRebuild(PROJECTION, MODELS);
        assertThat(again.load(ITEMS, List.of("new"))).as("a new shadow starts empty").isEmpty();
        again.abort();
    }

    /**
     * Issue 22: every query of {@link QueryCorpus} — hostile and extreme values across every field type and
     * operator, pages, aggregations, aliases and (for searchable stores) search texts — gets the in-memory
     * store's answer here, or the same {@link dev.readmodel.core.error.InvalidQueryException}; none is a raw store
     * error, and the read models and checkpoint are as they were afterwards.
     */
    @Test
    void everyHostileOrExtremeQueryGetsTheInMemoryAnswerOrTheSameInvalidQuery() {
        InMemoryReadModelStore reference = new InMemoryReadModelStore();
        reference.prepare(MODELS);
        for (ReadModelStore target : List.of(reference, store())) {
            target.commit(new WriteBatch(PROJECTION, QueryCorpus.documents(), 3));
            target.commit(new WriteBatch(PROJECTION, List.of(put(NOTES, "n", 3, "text", "' OR '1'='1")), 4));
        }
        Map<String, List<Document>> before = StoreContents.of(store(), MODELS);
        assertThat(before).isEqualTo(StoreContents.of(reference, MODELS));
        List<QueryCorpus.Case> cases = new ArrayList<>(QueryCorpus.queries());
        cases.addAll(QueryCorpus.aggregations());
        if (store() instanceof dev.readmodel.core.spi.SearchableStore) {
            cases.addAll(QueryCorpus.searches());
        }
        List<String> differences = new ArrayList<>();
        int refused = 0;
        for (QueryCorpus.Case query : cases) {
            Object expected = outcome(query, reference);
            Object actual = outcome(query, store());
            if (!expected.equals(actual)) {
                differences.add(query.label() + "\n    memory: " + QueryCorpus.Shown.of(expected, 300) + "\n    "
                        + store().name() + ": " + QueryCorpus.Shown.of(actual, 300));
            } else if (expected instanceof Refusal) {
                refused++;
            }
        }
        assertThat(differences).as(differences.size() + " of " + cases.size() + " queries answered differently:\n"
                + String.join("\n", differences.subList(0, Math.min(40, differences.size())))).isEmpty();
        assertThat(refused).as("queries refused as invalid, alike in both").isBetween(cases.size() / 5, cases.size() - 50);
        assertThat(StoreContents.of(store(), MODELS)).as("read models unchanged by the queries").isEqualTo(before);
        assertThat(store().checkpoint(PROJECTION)).isEqualTo(4);
    }

    /** How a store answered: the answer, or the refusal with its message; other failures fail the test. */
    private static Object outcome(QueryCorpus.Case query, ReadModelStore target) {
        try {
            return query.ask().apply(target);
        } catch (dev.readmodel.core.error.InvalidQueryException e) {
            return new Refusal(e.getMessage());
        } catch (RuntimeException e) {
            return new Refusal("not an invalid query: " + e);
        }
    }

    private record Refusal(String message) {
    }

    @Test
    void aRandomHistoryProjectedHereEqualsTheInMemoryReference() throws Exception {
        InMemoryEventStore events = new InMemoryEventStore();
        for (SampleOrders.Append append : SampleOrders.history(new Random(42), 150)) {
            events.append(append.stream(), ExpectedVersion.ANY, List.of(append.event()));
        }
        InMemoryReadModelStore reference = new InMemoryReadModelStore();
        for (ReadModelStore target : List.of(reference, store())) {
            try (ProjectionEngine engine = ProjectionEngine.builder(events)
                    .register(SampleOrders.projection("sample"), target, ProjectionMode.CATCH_UP).build()) {
                engine.start();
                assertThat(engine.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
                assertThat(engine.status("sample").lastError()).isEmpty();
            }
        }
        List<ReadModel> models = List.of(SampleOrders.ORDERS, SampleOrders.CUSTOMERS);
        assertThat(StoreContents.of(store(), models)).isEqualTo(StoreContents.of(reference, models));
        assertThat(store().checkpoint("sample")).isEqualTo(events.size());
    }
}
