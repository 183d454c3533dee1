package dev.readmodel.testkit;

import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Aggregation;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.query.SearchQuery;
import dev.readmodel.core.query.SearchResult;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.core.spi.SearchableStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Hostile and extreme values across every field type and operator of {@link ReadModelStoreContract#ITEMS},
 * for the contract that each store answers every query as the in-memory store does, or refuses it with
 * the same {@link dev.readmodel.core.error.InvalidQueryException}. Values at and just past each bound of
 * {@link Query} are included, as are the values issue 22 found giving different answers per store.
 */
final class QueryCorpus {
    /** One query of the corpus: a label for messages and what to ask a store. */
    record Case(String label, Function<ReadModelStore, Object> ask) {
    }

    private static final ReadModel ITEMS = ReadModelStoreContract.ITEMS;
    private static final String ROCKET = "\uD83D\uDE80"; // U+1F680, a surrogate pair
    private static final String FULLWIDTH_Z = "\uFF5A"; // above the surrogates in UTF-16, below U+1F680
    private static final String LARGEST = "99999999999999999999999999999999.999999";

    private QueryCorpus() {
    }

    /** Documents of every type at the edges of what every store holds. */
    static List<DocumentWrite> documents() {
        return List.of(
                put("a", "name", "O'Brien", "title", "Waterproof jacket for O'Brien", "qty", Long.MIN_VALUE,
                        "score", -Double.MAX_VALUE, "price", "-" + LARGEST, "active", true, "at", "1900-01-01T00:00:00Z",
                        "day", "1970-01-01", "tags", List.of("' OR '1'='1", "x")),
                put("b", "name", ROCKET + " rocket", "title", "rocket jacket " + ROCKET, "qty", Long.MAX_VALUE,
                        "score", Double.MAX_VALUE, "price", LARGEST, "active", false, "at", "2299-12-31T23:59:59.999Z",
                        "day", "2105-12-31", "tags", List.of(ROCKET)),
                put("c", "name", FULLWIDTH_Z, "title", "semi; DROP TABLE contract_items; --", "qty", 0L, "score", 0.0,
                        "price", "0.000001", "at", "1970-01-01T00:00:00Z", "day", "2000-02-29", "tags", List.of("%_wild*?")),
                put("d", "name", "é", "title", "unicode é ü 中文", "qty", -1L, "score", Double.MIN_VALUE, "price", "-0.000001",
                        "at", "1969-12-31T23:59:59.999Z", "day", "1970-01-02", "tags", List.of("é", "e\u0301")),
                put("e", "name", "x".repeat(Query.MAX_STRING_LENGTH), "title", "long " + "t".repeat(200), "qty", 42L,
                        "score", 1.5, "price", "1.50", "at", "2024-02-29T23:59:59.123Z", "day", "2024-02-29",
                        "tags", List.of("x".repeat(Query.MAX_RANGE_BOUND_LENGTH))),
                put("f", "name", "", "title", "new\nline tab\there", "qty", 7L, "score", -2.25, "price", "0",
                        "active", true, "tags", List.of("")),
                put("g", "name", "back\\slash\\", "title", "%_wild*? {\"json\":1}", "qty", 1L, "score", 1e-300,
                        "price", "1e31", "at", "2000-01-01T00:00:00Z"),
                put("h", "score", -0.0));
    }

    private static DocumentWrite put(String id, Object... fields) {
        return new DocumentWrite.Put(ITEMS, id, ITEMS.conform(id, Document.of(fields)), 1);
    }

    /** Filters, orders and pages. */
    static List<Case> queries() {
        List<Case> cases = new ArrayList<>();
        filters("name", strings(), true, cases);
        filters("title", strings(), false, cases);
        filters("tags", strings(), false, cases);
        filters("qty", List.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L, 42, Integer.MAX_VALUE, "9223372036854775808",
                "-9223372036854775809", 1.5, "1e3", ""), true, cases);
        filters("score", List.of(-Double.MAX_VALUE, Double.MAX_VALUE, Double.MIN_VALUE, -0.0, 0.0, 1.5, -2.25, 1e-300,
                "NaN", Double.POSITIVE_INFINITY, "-Infinity", "1e309", Long.MAX_VALUE), true, cases);
        filters("price", List.of("0.000001", "-0.000001", "0.0000001", "1e400", "1" + "0".repeat(43), LARGEST,
                "-" + LARGEST, "1e31", "-1e31", "92233720368547758070", "-92233720368547758070", "1.5", "1.500000000",
                0, "1e32", "1e-400", 1.5d), true, cases);
        filters("active", List.of(true, false, "TRUE", "yes", 1), false, cases);
        filters("at", List.of("1900-01-01T00:00:00Z", "2299-12-31T23:59:59.999Z", "1899-12-31T23:59:59.999Z",
                "+292278994-08-17T07:12:55.807Z", "-292275055-05-16T16:47:04.192Z", "0000-01-01T00:00:00Z",
                "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "2024-02-29T23:59:59.123456789Z",
                "2300-01-01T00:00:00Z", "yesterday", Instant.MAX), true, cases);
        filters("day", List.of("1970-01-01", "2105-12-31", "2106-01-01", "2149-06-06", "1969-12-31", "2149-06-07",
                "0000-01-01", "9999-12-31",
                "2024-02-29", "2023-02-29"), true, cases);
        for (String field : ITEMS.fields().keySet()) {
            cases.add(query("eq " + field + " null", () -> Query.builder().where(Filter.eq(field, null)).build()));
            for (String term : List.of(field, "-" + field)) {
                cases.add(query("order " + term, () -> Query.builder().orderBy(term).limit(20).build()));
            }
        }
        cases.add(query("range name rocket..fullwidth", () -> Query.builder()
                .where(Filter.between("name", FULLWIDTH_Z, ROCKET + " s")).build()));
        for (int[] page : new int[][] {{0, 0}, {1, Query.MAX_LIMIT}, {Query.MAX_LIMIT, Query.MAX_WINDOW - Query.MAX_LIMIT},
            {1, Query.MAX_WINDOW - 1}, {1, Query.MAX_WINDOW}, {Query.MAX_LIMIT + 1, 0}, {-1, 0}, {3, 2}}) {
            cases.add(query("page limit " + page[0] + " offset " + page[1], () -> Query.builder().orderBy("-qty")
                    .limit(page[0]).offset(page[1]).build()));
        }
        cases.add(query(Query.MAX_VALUES + 1 + " values", () -> Query.builder()
                .where(Filter.in("qty", new ArrayList<>(Collections.nCopies(Query.MAX_VALUES + 1, 1L)))).build()));
        String half = "h".repeat(Query.MAX_STRING_LENGTH);
        cases.add(query("strings past the query's characters", () -> Query.builder()
                .where(Filter.in("name", List.of(half, half, half, half, half))).build()));
        return cases;
    }

    private static List<Object> strings() {
        List<Object> strings = new ArrayList<>(ReadModelStoreContract.HOSTILE);
        strings.addAll(List.of("", " ", ROCKET + " rocket", ROCKET, FULLWIDTH_Z, "é", "e\u0301", "O'BRIEN", "x",
                "x".repeat(Query.MAX_STRING_LENGTH), "x".repeat(Query.MAX_STRING_LENGTH + 1),
                "x".repeat(Query.MAX_RANGE_BOUND_LENGTH), "x".repeat(Query.MAX_RANGE_BOUND_LENGTH + 1), "a\0b", "\uD800",
                "z" + "\uDC00", "y".repeat(1 << 20), "*", "%", "_", "\\", "'", "\uFFFF", 42, List.of("a", "b")));
        return strings;
    }

    private static void filters(String field, List<Object> values, boolean ordered, List<Case> cases) {
        for (Object value : values) {
            String shown = Shown.of(value);
            cases.add(query("eq " + field + " " + shown, () -> Query.builder().where(Filter.eq(field, value)).build()));
            cases.add(query("in " + field + " " + shown, () -> Query.builder()
                    .where(Filter.in(field, List.of(value, value))).build()));
            if (ordered) {
                cases.add(query("gt " + field + " " + shown, () -> Query.builder().where(Filter.gt(field, value)).build()));
                cases.add(query("gte " + field + " " + shown, () -> Query.builder().where(Filter.gte(field, value)).build()));
                cases.add(query("lt " + field + " " + shown, () -> Query.builder().where(Filter.lt(field, value)).build()));
                cases.add(query("lte " + field + " " + shown, () -> Query.builder().where(Filter.lte(field, value))
                        .orderBy("-" + field).build()));
            }
        }
        if (!ordered) {
            cases.add(query("gt " + field + " on an unordered type", () -> Query.builder().where(Filter.gt(field, "a")).build()));
        }
    }

    private static Case query(String label, Supplier<Query> query) {
        return new Case("query " + label, store -> store.query(ITEMS, query.get()));
    }

    /** Grouped counts under hostile filters, sums where every store sums exactly, and hostile aliases. */
    static List<Case> aggregations() {
        List<Case> cases = new ArrayList<>();
        for (String group : List.of("name", "qty", "active", "at", "day")) {
            cases.add(aggregation("count by " + group, () -> Aggregation.builder().groupBy(group).count("n")
                    .orderBy("-n").build()));
        }
        // Elasticsearch indexes decimals as doubles, so its groups of decimals are doubles: exact up to 15 digits
        cases.add(aggregation("count by price", () -> Aggregation.builder().groupBy("price").count("n")
                .where(Filter.between("price", "-1e31", "1e31")).orderBy("-n").build()));
        for (Object value : strings()) {
            cases.add(aggregation("count where name = " + Shown.of(value), () -> Aggregation.builder().groupBy("active")
                    .count("n").where(Filter.eq("name", value)).build()));
        }
        cases.add(aggregation("small sums", () -> Aggregation.builder().groupBy("active").count("n").sum("qty", "units")
                .sum("price", "revenue").where(Filter.between("qty", -1, 100), Filter.between("price", "-1", "2"))
                .orderBy("-revenue").build()));
        for (String alias : List.of("n; DROP TABLE contract_items", "`n`", "N", "a__n", "x".repeat(49), "\"n\"", "n'", "")) {
            cases.add(aggregation("alias " + Shown.of(alias), () -> Aggregation.builder().groupBy("name").count(alias)
                    .build()));
        }
        cases.add(aggregation("sum where price > 1e400", () -> Aggregation.builder().sum("price", "p")
                .where(Filter.gt("price", "1e400")).build()));
        cases.add(aggregation("limit 10001", () -> Aggregation.builder().count("n").limit(Query.MAX_LIMIT + 1).build()));
        return cases;
    }

    private static Case aggregation(String label, Supplier<Aggregation> aggregation) {
        return new Case("aggregation " + label, store -> store.aggregate(ITEMS, aggregation.get()));
    }

    /** Search texts with and without words, hostile ones, and too long ones; relevance and field order. */
    static List<Case> searches() {
        List<Case> cases = new ArrayList<>();
        List<String> texts = new ArrayList<>(ReadModelStoreContract.HOSTILE);
        texts.addAll(List.of("*", "?", "*:*", "", "  ", "jacket", "WATERPROOF Jacket", "rocket " + ROCKET, ROCKET,
                "x".repeat(SearchQuery.MAX_TEXT), "x".repeat(SearchQuery.MAX_TEXT + 1), "a\0b", "\uD800 jacket",
                "title:jacket", "jacket AND rocket", "NOT jacket", "jack*", "\"waterproof jacket\"", "中文", "e\u0301"));
        for (String text : texts) {
            String shown = Shown.of(text);
            cases.add(search("relevance " + shown, () -> SearchQuery.matching(text).in("title", 2).facets("active", "tags")
                    .page(20, 0).highlight().build()));
            cases.add(search("by -qty " + shown, () -> SearchQuery.matching(text).in("title", 1).orderBy("-qty")
                    .where(Filter.gte("score", -Double.MAX_VALUE)).page(3, 1).build()));
        }
        for (String text : List.of("O'Brien", "o'brien", ROCKET + " rocket", "rocket", "é", "x".repeat(SearchQuery.MAX_TEXT))) {
            cases.add(search("keyword and text " + Shown.of(text), () -> SearchQuery.matching(text).in("name", 3)
                    .in("title", 1).facets("tags").highlight().build()));
        }
        cases.add(search("deep page", () -> SearchQuery.matching("jacket").in("title", 1).page(10, Query.MAX_WINDOW - 5)
                .build()));
        return cases;
    }

    private static Case search(String label, Supplier<SearchQuery> search) {
        return new Case("search " + label, store -> comparable(((SearchableStore) store).search(ITEMS, search.get())));
    }

    /**
     * What two stores must agree on: totals, facets, and the hits in order with their highlights, scores
     * left out (each store has its own scale).
     */
    private static Object comparable(SearchResult result) {
        List<Object> hits = new ArrayList<>();
        for (SearchResult.Hit hit : result.hits()) {
            hits.add(List.of(hit.document(), hit.highlights()));
        }
        return List.of(result.total(), hits, result.facets());
    }

    /** Values shortened for labels. */
    static final class Shown {
        private Shown() {
        }

        static String of(Object value) {
            return of(value, 40);
        }

        static String of(Object value, int longest) {
            String text = String.valueOf(value).replace("\0", "\\0").replace("\n", "\\n").replace("\t", "\\t");
            return text.length() <= longest ? "[" + text + "]"
                    : "[" + text.substring(0, longest) + "... (" + text.length() + ")]";
        }
    }
}
