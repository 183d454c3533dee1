package dev.readmodel.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.event.EventStore;
import dev.readmodel.core.event.Json;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.query.Aggregation;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.query.SearchQuery;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.core.spi.SearchableStore;
import dev.readmodel.server.Http.Answer;
import dev.readmodel.server.internal.JsonOut;
import dev.readmodel.server.internal.MinPosition;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The query server over real HTTP, the same for every store: every endpoint, answers equal to the Java
 * API's for the same queries, and the safety rules. Subclasses give the store and the event store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class QueryServerContract {
    static final String OPS = "ops-token-0123456789abcdef";
    static final String READ = "read-token-0123456789abcdef";
    static final String[] OPS_AUTH = {"Authorization", "Bearer " + OPS};

    protected ProjectionEngine engine;
    protected EventStore events;
    private ServedStores served;
    protected ReadModelStore store;
    protected QueryServer server;
    protected Http http;

    /** The stores under test, opened fresh (a new schema, database or prefix) each time this is called. */
    protected abstract ServedStores stores();

    @BeforeAll
    void startServer() throws Exception {
        served = stores();
        store = served.store();
        events = served.events();
        Fixture.load(events);
        engine = ProjectionEngine.builder(events).config(EngineConfig.DEFAULT.withPollInterval(Duration.ofMillis(20)))
                .register(Fixture.orders(), store, ProjectionMode.PERSISTENT)
                .register(Fixture.audit(), store, ProjectionMode.PERSISTENT)
                .register(Fixture.secrets(), store, ProjectionMode.PERSISTENT)
                .build();
        engine.start();
        assertThat(engine.awaitCaughtUp(Duration.ofMinutes(2))).isTrue();
        server = QueryServer.start(engine, events, config().build());
        http = new Http(server);
    }

    QueryServerConfig.Builder config() {
        return QueryServerConfig.builder().serve("orders", "audit_counts").operationsToken(OPS).maxLimit(500)
                .maxOffset(1_000).historyStream("orders", id -> "order-" + id);
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
        if (engine != null) {
            engine.close();
        }
        if (served != null) {
            served.close();
        }
    }

    static JsonNode tree(Object value) {
        return Json.parse(new String(JsonOut.bytes(value), java.nio.charset.StandardCharsets.UTF_8));
    }

    static JsonNode docs(List<Document> documents) {
        return tree(documents.stream().map(Document::fields).toList());
    }

    static void assertProblem(Answer answer, int status, String type) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode body = answer.json();
        assertThat(body.path("type").asText()).isEqualTo("https://readmodel.dev/problems/" + type);
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("title").asText()).isNotBlank();
        assertThat(body.path("detail").asText()).isNotBlank();
        assertThat(answer.response().body()).doesNotContain("\tat ", "Exception");
    }

    // ---- read models, OpenAPI

    @Test
    void listsOnlyTheAllowListedReadModelsWithTheirFields() {
        JsonNode models = http.get("/read-models").json().get("readModels");
        assertThat(models).hasSize(2);
        assertThat(models.get(0).get("name").asText()).isEqualTo("orders");
        assertThat(models.get(0).get("fields").get("total").asText()).isEqualTo("DECIMAL");
        assertThat(models.get(0).get("history").asBoolean()).isTrue();
        assertThat(http.get("/read-models/orders").json().get("key").asText()).isEqualTo("order_id");
        assertProblem(http.get("/read-models/secrets"), 404, "unknown-read-model");
        assertProblem(http.get("/read-models/secrets/documents"), 404, "unknown-read-model");
        assertProblem(http.get("/read-models/secrets/documents/s1"), 404, "unknown-read-model");
        assertThat(http.get("/read-models/secrets").response().body()).doesNotContain("secrets]; served: [orders, audit_counts, secrets");
        assertProblem(http.get("/read-models/nope"), 404, "unknown-read-model");
        assertProblem(http.get("/no/such/path"), 404, "not-found");
    }

    @Test
    void servesAnOpenApiDocumentListingEveryEndpoint() {
        Answer answer = http.get("/openapi.json");
        assertThat(answer.status()).isEqualTo(200);
        JsonNode doc = answer.json();
        assertThat(doc.get("openapi").asText()).startsWith("3.1");
        List<String> paths = new ArrayList<>();
        doc.get("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).contains("/openapi.json", "/read-models", "/read-models/{model}", "/read-models/{model}/documents",
                "/read-models/{model}/documents/{id}", "/read-models/{model}/aggregate", "/read-models/{model}/search",
                "/streams/{stream}/events", "/operations/projections", "/operations/projections/{projection}",
                "/operations/projections/{projection}/rebuild", "/operations/projections/{projection}/pause",
                "/operations/projections/{projection}/resume", "/operations/projections/{projection}/restart",
                "/operations/projections/{projection}/dead-letters", "/operations/projections/{projection}/dead-letters/replay");
        assertThat(doc.get("components").get("schemas").has("orders")).isTrue();
        assertThat(doc.get("components").get("schemas").has("secrets")).isFalse();
        assertThat(doc.get("components").get("schemas").get("orders").get("properties").get("placed_at").get("format").asText())
                .isEqualTo("date-time");
    }

    // ---- queries equal to the Java API's

    @Test
    void queriesAnswerAsTheJavaApiDoes() {
        Map<String, Query> cases = new java.util.LinkedHashMap<>();
        cases.put("", Query.all());
        cases.put("order=-total,order_id&limit=20", Query.builder().orderBy("-total", "order_id").limit(20).build());
        cases.put("status=paid&order=order_id", Query.builder().where(Filter.eq("status", "paid")).orderBy("order_id").build());
        cases.put("total:gte=50&total:lt=150&order=total,order_id", Query.builder()
                .where(Filter.gte("total", 50), Filter.lt("total", 150)).orderBy("total", "order_id").build());
        cases.put("customer:in=c1,c2&order=-placed_at", Query.builder().where(Filter.in("customer", List.of("c1", "c2")))
                .orderBy("-placed_at").build());
        cases.put("placed_at:lt=2026-01-02T00:00:00Z&order=order_id", Query.builder()
                .where(Filter.lt("placed_at", "2026-01-02T00:00:00Z")).orderBy("order_id").build());
        cases.put("order=order_id&limit=5&offset=5", Query.builder().orderBy("order_id").limit(5).offset(5).build());
        cases.put("where=status:eq=placed&items:gt=4&order=-items,order_id", Query.builder()
                .where(Filter.eq("status", "placed"), Filter.gt("items", 4)).orderBy("-items", "order_id").build());
        cases.forEach((params, query) -> {
            Answer answer = http.get("/read-models/orders/documents?" + params);
            assertThat(answer.status()).as(params + ": " + answer).isEqualTo(200);
            assertThat(answer.json().get("items")).as(params).isEqualTo(docs(engine.query("orders", query)));
            assertThat(answer.json().get("items")).as(params).isNotEmpty();
        });
    }

    @Test
    void givesTheTotalWhenAsked() {
        JsonNode answer = http.get("/read-models/orders/documents?status=paid&limit=3&total=true").json();
        assertThat(answer.get("items")).hasSize(3);
        assertThat(answer.get("total").asLong()).isEqualTo(Fixture.ORDER_COUNT - Fixture.ORDER_COUNT / 3);
        assertThat(http.get("/read-models/orders/documents?limit=1").json().has("total")).isFalse();
    }

    @Test
    void findsADocumentByIdWithItsHistory() {
        JsonNode document = http.get("/read-models/orders/documents/o004").json();
        assertThat(document).isEqualTo(docs(engine.query("orders", Query.builder().where(Filter.eq("order_id", "o004")).build())).get(0));
        assertProblem(http.get("/read-models/orders/documents/nope"), 404, "document-not-found");
        JsonNode withHistory = http.get("/read-models/orders/documents/o004?include=history").json();
        assertThat(withHistory.get("document")).isEqualTo(document);
        JsonNode history = withHistory.get("history");
        assertThat(history.get("stream").asText()).isEqualTo("order-o004");
        assertThat(history.get("events")).hasSize(2);
        assertThat(history.get("events").get(0).get("type").asText()).isEqualTo("order.placed");
        assertThat(history.get("events").get(1).get("type").asText()).isEqualTo("order.paid");
        assertProblem(http.get("/read-models/audit_counts/documents/poison?include=history"), 400, "invalid-parameter");
        assertProblem(http.get("/read-models/orders/documents/o004?include=everything"), 400, "invalid-parameter");
    }

    @Test
    void aPlainByIdReadAnswersAsTheRoutesDo() {
        // a bare path is answered in front of the servlet layer; an empty query string sends it through the routes
        Answer shortcut = http.get("/read-models/orders/documents/o004");
        Answer routes = http.get("/read-models/orders/documents/o004?");
        assertThat(shortcut.status()).isEqualTo(200);
        assertThat(shortcut.response().body()).isEqualTo(routes.response().body());
        for (String header : List.of("Content-Type", "Content-Length", "Readmodel-Position")) {
            assertThat(shortcut.header(header)).as(header).isNotNull().isEqualTo(routes.header(header));
        }
        assertThat(shortcut.response().headers().map().keySet()).isEqualTo(routes.response().headers().map().keySet());
        // what the shortcut leaves to the routes is still answered by their rules
        assertProblem(http.get("/read-models/orders/documents/nope"), 404, "document-not-found");
        assertProblem(http.get("/read-models/secrets/documents/s1"), 404, "unknown-read-model");
        assertThat(http.get("/read-models/orders/documents/o004/").status()).isEqualTo(200);
        assertThat(http.get("/read-models/orders/documents/o004", MinPosition.HEADER, "1").header("Readmodel-Position"))
                .isEqualTo(routes.header("Readmodel-Position"));
    }

    @Test
    void pagesTheEventsOfAStreamForOperatorsOnly() {
        // raw streams feed read models that are not served too: reads never reach them
        assertProblem(http.get("/streams/order-o001/events"), 401, "unauthorized");
        JsonNode first = http.get("/streams/order-o001/events?limit=1", OPS_AUTH).json();
        assertThat(first.get("events")).hasSize(1);
        assertThat(first.get("events").get(0).get("streamVersion").asLong()).isEqualTo(1);
        assertThat(first.get("next").asLong()).isEqualTo(2);
        JsonNode second = http.get("/streams/order-o001/events?from=2&limit=1", OPS_AUTH).json();
        assertThat(second.get("events").get(0).get("type").asText()).isEqualTo("order.paid");
        assertThat(second.get("next").isNull()).isTrue();
        JsonNode all = http.get("/streams/order-o001/events", OPS_AUTH).json();
        List<JsonNode> expected = events.readStream("order-o001").stream().map(e -> e.data()).toList();
        assertThat(all.get("events")).hasSize(expected.size());
        assertThat(all.get("events").get(0).get("data")).isEqualTo(tree(expected.get(0)));
        assertProblem(http.get("/streams/no-such-stream/events", OPS_AUTH), 404, "stream-not-found");
        assertProblem(http.get("/streams/order-o001/events?from=0", OPS_AUTH), 400, "invalid-parameter");
        assertProblem(http.get("/streams/order-o001/events?limit=100000", OPS_AUTH), 400, "invalid-parameter");
    }

    @Test
    void aggregatesAsTheJavaApiDoes() {
        Answer answer = http.get("/read-models/orders/aggregate?group=status&count=orders&sum=total:amount&order=-amount");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().get("groups")).isEqualTo(docs(engine.aggregate("orders", Aggregation.builder()
                .groupBy("status").count("orders").sum("total", "amount").orderBy("-amount").build())));
        Answer top = http.get("/read-models/orders/aggregate?group=customer&count=orders&sum=items&order=-orders,customer&limit=3&status=paid");
        assertThat(top.json().get("groups")).hasSize(3).isEqualTo(docs(engine.aggregate("orders", Aggregation.builder()
                .where(Filter.eq("status", "paid")).groupBy("customer").count("orders").sum("items", "items")
                .orderBy("-orders", "customer").limit(3).build())));
        assertProblem(http.get("/read-models/orders/aggregate?group=status"), 400, "invalid-query");
        assertProblem(http.get("/read-models/orders/aggregate?count=orders&sum=note:x"), 400, "invalid-query");
    }

    @Test
    void searchesAsTheJavaApiDoesWhereTheStoreSearches() {
        String url = "/read-models/orders/search?q=" + Http.enc("quick parcel") + "&facet=customer,status&highlight=true&limit=5&status=paid";
        Answer answer = http.get(url);
        if (!(store instanceof SearchableStore)) {
            assertProblem(answer, 409, "not-possible");
            return;
        }
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        var expected = engine.search("orders", SearchQuery.matching("quick parcel").in("note", 1.0).facets("customer", "status")
                .where(Filter.eq("status", "paid")).highlight().page(5, 0).build());
        JsonNode body = answer.json();
        assertThat(body.get("total").asLong()).isEqualTo(expected.total()).isPositive();
        List<JsonNode> hits = new ArrayList<>();
        body.get("hits").forEach(h -> hits.add(h.get("document")));
        assertThat(tree(hits)).isEqualTo(docs(expected.hits().stream().map(h -> h.document()).toList()));
        assertThat(body.get("hits").get(0).get("highlights").get("note").get(0).asText()).contains("<em>");
        assertThat(body.get("facets").get("customer")).isNotEmpty();
        assertProblem(http.get("/read-models/orders/search?q=" + Http.enc("*:*")), 400, "invalid-query");
    }

    // ---- operations

    @Test
    void showsStatusPausesResumesAndRestarts() {
        assertProblem(http.get("/operations/projections"), 401, "unauthorized");
        assertProblem(http.get("/operations/projections", "Authorization", "Bearer wrong-token-0123456789"), 401, "unauthorized");
        JsonNode list = http.get("/operations/projections", OPS_AUTH).json().get("projections");
        assertThat(list).hasSize(3);
        assertThat(list.get(0).get("projection").asText()).isEqualTo("orders");
        assertThat(list.get(0).get("checkpoint").asLong()).isEqualTo(engine.status("orders").checkpoint());
        assertThat(http.post("/operations/projections/orders/pause", "", OPS_AUTH).status()).isEqualTo(200);
        String state = "";
        for (int i = 0; i < 100 && !state.equals("PAUSED"); i++) {
            state = http.get("/operations/projections/orders", OPS_AUTH).json().get("state").asText();
            sleep(50);
        }
        assertThat(state).isEqualTo("PAUSED");
        assertThat(http.post("/operations/projections/orders/resume", "", OPS_AUTH).status()).isEqualTo(200);
        assertThat(http.post("/operations/projections/orders/restart", "", OPS_AUTH).status()).isEqualTo(200);
        assertProblem(http.get("/operations/projections/nope", OPS_AUTH), 404, "unknown-name");
    }

    @Test
    void rebuildsWithProgressInBothModes() throws Exception {
        JsonNode before = docs(engine.query("orders", Query.builder().orderBy("order_id").limit(500).build()));
        for (String mode : List.of("truncate", "zero-downtime")) {
            Answer started = http.post("/operations/projections/orders/rebuild", "{\"mode\":\"" + mode + "\"}", OPS_AUTH);
            assertThat(started.status()).as(started.toString()).isEqualTo(202);
            assertThat(started.json().get("mode").asText()).isEqualTo(mode);
            JsonNode job = null;
            for (int i = 0; i < 600; i++) {
                job = http.get("/operations/projections/orders/rebuild", OPS_AUTH).json();
                if (!job.get("state").asText().equals("running")) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("finished");
            assertThat(job.get("result").get("eventsApplied").asLong()).isPositive();
            assertThat(job.get("progress").get("fraction").asDouble()).isEqualTo(1.0);
            assertThat(engine.awaitCaughtUp(Duration.ofMinutes(1))).isTrue();
            assertThat(docs(engine.query("orders", Query.builder().orderBy("order_id").limit(500).build()))).isEqualTo(before);
        }
        assertProblem(http.post("/operations/projections/orders/rebuild", "{\"mode\":", OPS_AUTH), 400, "malformed-json");
        assertProblem(http.post("/operations/projections/orders/rebuild", "[1]", OPS_AUTH), 400, "malformed-json");
        assertProblem(http.post("/operations/projections/orders/rebuild", "{\"mode\":\"fast\"}", OPS_AUTH), 400, "invalid-parameter");
        assertProblem(http.delete("/operations/projections/orders/rebuild", OPS_AUTH), 404, "no-rebuild");
    }

    @Test
    void listsAndReplaysDeadLetters() {
        JsonNode letters = http.get("/operations/projections/audit/dead-letters", OPS_AUTH).json().get("deadLetters");
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).get("event").get("type").asText()).isEqualTo("audit.poison");
        JsonNode failed = http.post("/operations/projections/audit/dead-letters/replay", "", OPS_AUTH).json();
        assertThat(failed.get("replayed").asInt()).isZero();
        assertThat(failed.get("stillFailing")).hasSize(1);
        Fixture.POISON_FIXED.set(true);
        try {
            JsonNode replayed = http.post("/operations/projections/audit/dead-letters/replay", "", OPS_AUTH).json();
            assertThat(replayed.get("replayed").asInt()).isEqualTo(1);
            assertThat(http.get("/read-models/audit_counts/documents/poison").json().get("seen").asLong()).isEqualTo(1);
        } finally {
            Fixture.POISON_FIXED.set(false);
        }
    }

    // ---- safety

    @Test
    void operationsAreOffWithoutATokenAndReadsNeedTheReadTokenWhenSet() {
        try (QueryServer closed = QueryServer.start(engine, events, QueryServerConfig.builder().serve("orders")
                .readToken(READ).build())) {
            Http other = new Http(closed);
            assertProblem(other.get("/operations/projections", OPS_AUTH), 403, "operations-disabled");
            assertProblem(other.get("/read-models/orders/documents"), 401, "unauthorized");
            assertThat(other.get("/read-models/orders/documents").header("WWW-Authenticate")).isEqualTo("Bearer");
            assertProblem(other.get("/read-models/orders/documents", "Authorization", "Bearer " + OPS), 401, "unauthorized");
            assertThat(other.get("/read-models/orders/documents", "Authorization", "Bearer " + READ).status()).isEqualTo(200);
            assertProblem(other.get("/read-models/audit_counts/documents", "Authorization", "Bearer " + READ), 404, "unknown-read-model");
            // a plain by-id read, the server's fastest path, keeps both rules: the token and the allow-list
            assertProblem(other.get("/read-models/orders/documents/o004"), 401, "unauthorized");
            assertThat(other.get("/read-models/orders/documents/o004").header("WWW-Authenticate")).isEqualTo("Bearer");
            assertProblem(other.get("/read-models/orders/documents/o004", "Authorization", "Bearer " + OPS), 401,
                    "unauthorized");
            assertThat(other.get("/read-models/orders/documents/o004", "Authorization", "Bearer " + READ).json()
                    .get("order_id").asText()).isEqualTo("o004");
            assertProblem(other.get("/read-models/audit_counts/documents/poison", "Authorization", "Bearer " + READ), 404,
                    "unknown-read-model");
            assertProblem(other.get("/streams/order-o001/events", "Authorization", "Bearer " + READ), 403,
                    "operations-disabled"); // raw streams are an operator's: off with operations
        }
    }

    @Test
    void boundsLimitOffsetQueryLengthAndBodySize() {
        assertProblem(http.get("/read-models/orders/documents?limit=501"), 400, "invalid-parameter");
        assertProblem(http.get("/read-models/orders/documents?limit=-1"), 400, "invalid-parameter");
        assertProblem(http.get("/read-models/orders/documents?limit=99999999999999999999"), 400, "invalid-parameter");
        assertProblem(http.get("/read-models/orders/documents?offset=1001"), 400, "invalid-parameter");
        assertProblem(http.get("/read-models/orders/documents?limit=1&limit=2"), 400, "invalid-parameter");
        assertProblem(http.get("/read-models/orders/documents?note=" + "a".repeat(9_000)), 414, "query-too-long");
        assertProblem(http.get("/read-models/orders/documents?note=" + "a".repeat(40_000)), 414, "query-too-long");
        assertProblem(http.postOnNewConnection("/operations/projections/orders/rebuild", "{\"mode\":\""
                + "x".repeat(70_000) + "\"}", OPS_AUTH), 413, "request-too-large");
        assertThat(http.get("/read-models/orders/documents?limit=500").status()).isEqualTo(200);
    }

    @Test
    void callerMistakesAreProblemsNamingWhatWasWrong() {
        Answer unknownField = http.get("/read-models/orders/documents?colour=red");
        assertProblem(unknownField, 400, "invalid-query");
        assertThat(unknownField.json().get("detail").asText()).contains("colour");
        Answer badOperator = http.get("/read-models/orders/documents?total:like=5");
        assertProblem(badOperator, 400, "invalid-query");
        assertThat(badOperator.json().get("detail").asText()).contains("like");
        Answer badValue = http.get("/read-models/orders/documents?total:gt=lots");
        assertProblem(badValue, 400, "invalid-query");
        assertThat(badValue.json().get("detail").asText()).contains("lots");
        assertProblem(http.get("/read-models/orders/documents?order=-nope"), 400, "invalid-query");
        assertProblem(http.get("/read-models/orders/documents?total=true&total=false"), 400, "invalid-parameter");
        assertThat(unknownField.json().get("instance").asText()).isEqualTo(server.url().getPath() + "/read-models/orders/documents");
    }

    @Test
    void hostileInputsThroughEveryParameterGetProblemsAndLeaveTheStoresUnchanged() throws Exception {
        JsonNode before = snapshot();
        long checkpoint = engine.status("orders").checkpoint();
        List<String> urls = HostileInputs.urls();
        int problems = 0;
        for (String url : urls) {
            Answer answer = http.get(url);
            assertThat(answer.status()).as(url + " -> " + answer).isBetween(200, 499);
            if (answer.status() >= 400) {
                problems++;
                assertThat(answer.contentType()).as(url).startsWith("application/problem+json");
                JsonNode body = answer.json();
                assertThat(body.get("type").asText()).as(url).startsWith("https://readmodel.dev/problems/");
                assertThat(body.get("detail").asText()).as(url).isNotBlank();
            }
            assertThat(answer.response().body()).as(url).doesNotContain("\tat ", "Exception:");
        }
        assertThat(problems).isGreaterThan(urls.size() / 2);
        assertThat(snapshot()).isEqualTo(before);
        assertThat(engine.status("orders").checkpoint()).isEqualTo(checkpoint);
        assertThat(engine.status("orders").state().name()).isNotEqualTo("FAULTED");
    }

    private JsonNode snapshot() {
        return tree(List.of(engine.query("orders", Query.builder().orderBy("order_id").limit(500).build()).stream()
                .map(Document::fields).toList(), engine.query("secrets", Query.all()).stream().map(Document::fields).toList(),
                engine.query("audit_counts", Query.all()).stream().map(Document::fields).toList()));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static <T> List<T> list(Iterator<T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
