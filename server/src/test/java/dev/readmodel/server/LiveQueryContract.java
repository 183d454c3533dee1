package dev.readmodel.server;

import static dev.readmodel.server.QueryServerContract.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.engine.RebuildOptions;
import dev.readmodel.core.event.EventStore;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.server.FeedClients.Msg;
import dev.readmodel.server.FeedClients.Ws;
import dev.readmodel.server.Http.Answer;
import dev.readmodel.server.LiveStream.Event;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Live queries and minimum positions over real HTTP, the same for every store: documents enter, change and
 * leave a live query exactly as the appended events say, a rebuild resets it, and a read that names its
 * write's position always sees it while one that does not is sometimes stale. The WebSocket twin
 * ({@code /live/ws}) must send exactly the messages the stream sends. Each test uses statuses
 * of its own, so that tests do not see each other's documents.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LiveQueryContract {
    static final ReadModel ACCOUNTS = ReadModel.named("accounts").key("account_id")
            .field("status", FieldType.KEYWORD).field("balance", FieldType.LONG).build();
    static final Duration WAIT = Duration.ofSeconds(30);

    record Set(String id, String status, long balance) {
    }

    record Closed(String id) {
    }

    /** Milliseconds the projection's handler sleeps per event: a slowed projection, for the stale reads. */
    private volatile long slowMillis;
    protected ProjectionEngine engine;
    protected EventStore events;
    private ServedStores served;
    protected QueryServer server;
    protected Http http;

    /** The stores under test, opened fresh (a new schema, database or prefix) each time this is called. */
    protected abstract ServedStores stores();

    private Projection accounts() {
        return Projection.named("accounts").readModel(ACCOUNTS)
                .on("account.set", Set.class, (e, ctx) -> {
                    long slow = slowMillis;
                    if (slow > 0) {
                        Thread.sleep(slow);
                    }
                    ctx.put(ACCOUNTS, e.id(), Document.of("status", e.status(), "balance", e.balance()));
                })
                .on("account.closed", Closed.class, (e, ctx) -> ctx.delete(ACCOUNTS, e.id()))
                .build();
    }

    @BeforeAll
    void startServer() {
        served = stores();
        events = served.events();
        engine = ProjectionEngine.builder(events).config(EngineConfig.DEFAULT.withPollInterval(Duration.ofMillis(50)))
                .register(accounts(), served.store(), ProjectionMode.PERSISTENT).build();
        engine.start();
        server = QueryServer.start(engine, events, QueryServerConfig.builder().serve("accounts").maxLiveResult(50)
                .build());
        http = new Http(server);
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

    long set(String id, String status, long balance) {
        return events.append("account-" + id, ExpectedVersion.ANY, List.of(NewEvent.of("account.set",
                new Set(id, status, balance)))).lastPosition();
    }

    long close(String id) {
        return events.append("account-" + id, ExpectedVersion.ANY, List.of(NewEvent.of("account.closed",
                new Closed(id)))).lastPosition();
    }

    /** Waits until the projection has committed {@code position}, so that each append is a batch of its own. */
    long applied(long position) throws InterruptedException {
        assertThat(engine.awaitPosition("accounts", position, WAIT)).as("projection reached " + position).isTrue();
        return position;
    }

    static String describe(Event event) {
        assertThat(event.data().get("position").asLong()).as(event.toString()).isEqualTo(event.id());
        JsonNode document = event.data().get("document");
        return event.name() + " " + event.data().get("id").asText() + " @" + event.id()
                + (document.isNull() ? " deleted" : " " + document.get("status").asText() + "/" + document.get("balance").asLong());
    }

    // ---- live queries

    @Test
    void documentsEnterChangeAndLeaveAsTheEventsSay() throws Exception {
        set("a1", "open-a", 50);
        set("a2", "open-a", 150);
        long before = applied(set("a3", "frozen-a", 200));
        String query = "?status:in=open-a,gone-a&balance:gte=100";
        try (LiveStream live = LiveStream.open(server, "/read-models/accounts/live" + query);
             Ws ws = ws(server, "/read-models/accounts/live/ws" + query)) {
            assertThat(live.status()).isEqualTo(200);
            assertThat(live.header("Content-Type")).startsWith("text/event-stream");
            Event result = live.next();
            assertThat(result.name()).isEqualTo("result");
            assertThat(result.id()).isEqualTo(result.data().get("position").asLong()).isGreaterThanOrEqualTo(before);
            assertThat(result.data().get("documents")).hasSize(1);
            assertThat(result.data().get("documents").get(0).get("account_id").asText()).isEqualTo("a2");
            assertThat(next(ws)).as("the WebSocket's first answer").isEqualTo(result);

            List<String> expected = new ArrayList<>();
            long p = applied(set("a1", "open-a", 120));
            expected.add("enter a1 @" + p + " open-a/120");
            p = applied(set("a2", "open-a", 170));
            expected.add("change a2 @" + p + " open-a/170");
            p = applied(set("a2", "frozen-a", 170));
            expected.add("leave a2 @" + p + " frozen-a/170");
            p = applied(set("a3", "open-a", 200));
            expected.add("enter a3 @" + p + " open-a/200");
            p = applied(close("a1"));
            expected.add("leave a1 @" + p + " deleted");
            applied(set("a4", "open-a", 10)); // does not match: nothing
            p = applied(set("a4", "gone-a", 500));
            expected.add("enter a4 @" + p + " gone-a/500");
            applied(close("a9")); // deletes nothing that matched: nothing
            p = applied(set("a3", "open-a", 99));
            expected.add("leave a3 @" + p + " open-a/99");

            List<String> seen = new ArrayList<>();
            List<Event> sse = new ArrayList<>();
            List<Event> socket = new ArrayList<>();
            for (int i = 0; i < expected.size(); i++) {
                sse.add(live.next());
                seen.add(describe(sse.get(i)));
                socket.add(next(ws));
            }
            assertThat(seen).containsExactlyElementsOf(expected);
            assertThat(socket).as("the WebSocket's messages").containsExactlyElementsOf(sse);
            assertThat(live.poll(Duration.ofMillis(300))).as("nothing more").isNull();
            assertThat(ws.poll(Duration.ofMillis(100))).as("nothing more on the WebSocket").isNull();
        }
    }

    @Test
    void aRebuildResetsTheLiveQueryAndEndsTheStream() throws Exception {
        applied(set("r1", "open-r", 1));
        for (RebuildOptions mode : List.of(RebuildOptions.TRUNCATE, RebuildOptions.ZERO_DOWNTIME)) {
            try (LiveStream live = LiveStream.open(server, "/read-models/accounts/live?status=open-r");
                 Ws ws = ws(server, "/read-models/accounts/live/ws?status=open-r")) {
                Event result = live.next();
                assertThat(result.name()).isEqualTo("result");
                assertThat(result.data().get("documents")).hasSize(1);
                assertThat(next(ws)).isEqualTo(result);
                engine.rebuild("accounts", mode);
                Event reset = live.next();
                assertThat(reset.name()).as(reset.toString()).isEqualTo("reset");
                assertThat(reset.data().get("reason").asText()).isEqualTo("replaced");
                assertThat(reset.data().get("position").asLong()).isEqualTo(reset.id());
                assertThat(live.next()).as("the server ends the stream after a reset").isSameAs(LiveStream.END);
                assertThat(next(ws)).as("the WebSocket's reset").isEqualTo(reset);
                assertThat(next(ws)).as("the server closes the socket after a reset").isSameAs(LiveStream.END);
                assertThat(ws.closeCode).isEqualTo(1000);
                assertThat(ws.closeReason).isEqualTo("reset: replaced");
            }
        }
        // after the reset a new live query sees the rebuilt read model
        try (LiveStream again = LiveStream.open(server, "/read-models/accounts/live?status=open-r")) {
            assertThat(again.next().data().get("documents").get(0).get("account_id").asText()).isEqualTo("r1");
        }
    }

    @Test
    void liveQueriesRefuseOrderPagesAndTooBroadFilters() throws Exception {
        for (String param : List.of("order=balance", "limit=5", "offset=1", "total=true")) {
            Answer answer = http.get("/read-models/accounts/live?status=x&" + param);
            assertProblem(answer, 400, "invalid-parameter");
            assertThat(answer.json().get("detail").asText()).contains("[" + param.substring(0, param.indexOf('=')) + "]");
        }
        long last = 0;
        for (int i = 0; i < 51; i++) {
            last = set("b" + i, "broad-b", i);
        }
        applied(last);
        Answer broad = http.get("/read-models/accounts/live?status=broad-b");
        assertProblem(broad, 400, "invalid-parameter");
        assertThat(broad.json().get("detail").asText()).contains("more than 50 documents", "narrow the filters");
        assertProblem(http.get("/read-models/accounts/live?nosuchfield=1"), 400, "invalid-query");
        assertProblem(http.get("/read-models/secrets/live"), 404, "unknown-read-model");
    }

    @Test
    void liveQueriesAreBoundedAndNeedTheReadToken() throws Exception {
        String token = "read-token-0123456789abcdef";
        try (QueryServer small = QueryServer.start(engine, QueryServerConfig.builder().serve("accounts")
                .readToken(token).maxLiveQueries(2).build())) {
            Http client = new Http(small);
            assertProblem(client.get("/read-models/accounts/live?status=open-q"), 401, "unauthorized");
            try (LiveStream one = LiveStream.open(small, "/read-models/accounts/live?status=open-q", "Authorization", "Bearer " + token);
                 LiveStream two = LiveStream.open(small, "/read-models/accounts/live?status=open-q", "Authorization", "Bearer " + token)) {
                assertThat(one.next().name()).isEqualTo("result");
                assertThat(two.next().name()).isEqualTo("result");
                Answer third = client.get("/read-models/accounts/live?status=open-q", "Authorization", "Bearer " + token);
                assertProblem(third, 503, "too-many-live-queries");
                assertThat(third.header("Retry-After")).isNotBlank();
                // ordinary reads are not held up by open streams
                assertThat(client.get("/read-models/accounts/documents?status=open-q", "Authorization", "Bearer " + token)
                        .status()).isEqualTo(200);
            }
        }
    }

    @Test
    void aLiveQueryThatOutgrowsItsBoundResetsAndClosingTheServerEndsOpenStreams() throws Exception {
        try (QueryServer small = QueryServer.start(engine, QueryServerConfig.builder().serve("accounts").maxLiveResult(2)
                .build())) {
            try (LiveStream live = LiveStream.open(small, "/read-models/accounts/live?status=grow-g")) {
                assertThat(live.next().name()).isEqualTo("result");
                long p1 = applied(set("g1", "grow-g", 1));
                long p2 = applied(set("g2", "grow-g", 2));
                long p3 = applied(set("g3", "grow-g", 3));
                assertThat(List.of(describe(live.next()), describe(live.next())))
                        .containsExactly("enter g1 @" + p1 + " grow-g/1", "enter g2 @" + p2 + " grow-g/2");
                Event reset = live.next();
                assertThat(reset.name()).isEqualTo("reset");
                assertThat(reset.data().get("reason").asText()).isEqualTo("overflow");
                assertThat(reset.id()).isEqualTo(p3);
                assertThat(live.next()).isSameAs(LiveStream.END);
            }
            try (LiveStream open = LiveStream.open(small, "/read-models/accounts/live?status=other-g");
                 Ws socket = ws(small, "/read-models/accounts/live/ws?status=other-g")) {
                assertThat(open.next().name()).isEqualTo("result");
                assertThat(next(socket).name()).isEqualTo("result");
                small.close();
                assertThat(open.next()).as("closing the server ends the stream").isSameAs(LiveStream.END);
                assertThat(next(socket)).as("closing the server ends the socket").isSameAs(LiveStream.END);
            }
        }
    }

    @Test
    void webSocketLiveQueriesAreRefusedBeforeTheUpgradeAsTheStreamIs() throws Exception {
        String path = "/read-models/accounts/live/ws";
        for (String param : List.of("order=balance", "limit=5", "offset=1", "total=true", "nosuchfield=1", "minPosition=-2")) {
            assertThat(FeedClients.handshakeStatus(FeedClients.ws(server, path + "?status=x&" + param))).as(param)
                    .isEqualTo(400);
        }
        assertThat(FeedClients.handshakeStatus(FeedClients.ws(server, "/read-models/secrets/live/ws"))).isEqualTo(404);
        JsonNode described = http.get("/openapi.json").json().get("paths").get(path.replace("accounts", "{model}"));
        assertThat(described.get("get").get("parameters").findValuesAsText("name"))
                .as("each parameter once").containsOnlyOnce("model", "where", "minPosition", "maxWait");
        // a first answer beyond the bound is known only once read, after the upgrade: a policy-violation close
        long last = 0;
        for (int i = 0; i < 51; i++) {
            last = set("w" + i, "broad-w", i);
        }
        applied(last);
        try (Ws broad = ws(server, path + "?status=broad-w")) {
            assertThat(next(broad)).isSameAs(LiveStream.END);
            assertThat(broad.closeCode).isEqualTo(1008);
            assertThat(broad.closeReason).contains("more than 50 documents");
        }
        String token = "read-token-0123456789abcdef";
        try (QueryServer small = QueryServer.start(engine, QueryServerConfig.builder().serve("accounts")
                .readToken(token).maxLiveQueries(1).build())) {
            assertThat(FeedClients.handshakeStatus(FeedClients.ws(small, path + "?status=open-q"))).isEqualTo(401);
            try (Ws one = ws(small, path + "?status=open-q", "Authorization", "Bearer " + token)) {
                assertThat(next(one).name()).isEqualTo("result");
                assertThat(FeedClients.handshakeStatus(FeedClients.ws(small, path + "?status=open-q", "Authorization",
                        "Bearer " + token))).as("no place left").isEqualTo(503);
                Answer sse = new Http(small).get("/read-models/accounts/live?status=open-q", "Authorization", "Bearer " + token);
                assertProblem(sse, 503, "too-many-live-queries");
            }
        }
    }

    /** Opens {@code path} of {@code server} as a WebSocket, once upgraded. */
    static Ws ws(QueryServer server, String path, String... headers) throws Exception {
        return FeedClients.ws(server, path, headers).get(30, TimeUnit.SECONDS);
    }

    /** The next message of a WebSocket live query as the SSE event it must equal, or {@link LiveStream#END}. */
    static Event next(Ws ws) throws InterruptedException {
        Msg msg = ws.next();
        return msg == Msg.END ? LiveStream.END : new Event(msg.event(), msg.id(), msg.data());
    }

    // ---- minimum position

    @Test
    void aReadWithItsWritesPositionAlwaysSeesTheWriteAndOneWithoutIsSometimesStale() throws Exception {
        slowMillis = 3;
        try {
            for (int i = 0; i < 200; i++) {
                long position = set("m" + i, "mine-m", i);
                Answer answer = i % 2 == 0
                        ? http.get("/read-models/accounts/documents/m" + i + "?minPosition=" + position)
                        : http.get("/read-models/accounts/documents/m" + i, "Readmodel-Min-Position", Long.toString(position));
                assertThat(answer.status()).as("run " + i + ": " + answer).isEqualTo(200);
                assertThat(answer.json().get("balance").asLong()).isEqualTo(i);
                assertThat(Long.parseLong(answer.header("Readmodel-Position"))).isGreaterThanOrEqualTo(position);
            }
            int stale = 0;
            for (int i = 0; i < 200; i++) {
                set("n" + i, "mine-n", i);
                Answer answer = http.get("/read-models/accounts/documents/n" + i);
                if (answer.status() == 404) {
                    stale++;
                } else {
                    assertThat(answer.json().get("balance").asLong()).isEqualTo(i);
                }
            }
            assertThat(stale).as("reads without a minimum position that missed their write").isGreaterThan(0);
        } finally {
            slowMillis = 0;
        }
        // every read endpoint takes it, and answers with the position it includes
        long position = applied(set("m0", "mine-m", 1000));
        for (String path : List.of("/documents?status=mine-m", "/documents/m0", "/aggregate?count=n&group=status")) {
            Answer answer = http.get("/read-models/accounts" + path + (path.contains("?") ? "&" : "?") + "minPosition=" + position);
            assertThat(answer.status()).as(path + ": " + answer).isEqualTo(200);
            assertThat(Long.parseLong(answer.header("Readmodel-Position"))).isGreaterThanOrEqualTo(position);
        }
    }

    @Test
    void aReadThatCannotReachItsPositionInTimeIs503ReadModelBehind() throws Exception {
        long reached = applied(set("w0", "wait-w", 0));
        slowMillis = 1_500;
        try {
            long position = set("w1", "wait-w", 1);
            Answer answer = http.get("/read-models/accounts/documents?status=wait-w&minPosition=" + position + "&maxWait=100");
            assertProblem(answer, 503, "read-model-behind");
            assertThat(answer.header("Retry-After")).isEqualTo("1");
            String detail = answer.json().get("detail").asText();
            assertThat(detail).contains("Read model [accounts]", "position [" + position + "]", "within 100 ms");
            long checkpoint = Long.parseLong(detail.replaceAll(".*its checkpoint is \\[(\\d+)\\].*", "$1"));
            assertThat(checkpoint).isGreaterThanOrEqualTo(reached).isLessThan(position);
        } finally {
            slowMillis = 0;
        }
    }

    @Test
    void badMinimumPositionsAndWaitsAre400sNamingTheValue() {
        String docs = "/read-models/accounts/documents";
        assertDetail(http.get(docs + "?minPosition=-1"), "minPosition [-1]");
        assertDetail(http.get(docs + "?minPosition=abc"), "minPosition [abc]");
        assertDetail(http.get(docs + "?minPosition=1&maxWait=60001"), "maxWait [60001]");
        assertDetail(http.get(docs + "?minPosition=1&maxWait=-5"), "maxWait [-5]");
        assertDetail(http.get(docs + "/a1", "Readmodel-Min-Position", "x1"), "Readmodel-Min-Position] [x1]");
        assertDetail(http.get(docs + "?minPosition=1", "Readmodel-Min-Position", "1"), "give one");
        assertDetail(http.get("/read-models/accounts/aggregate?count=n&maxWait=nope"), "maxWait [nope]");
        assertDetail(http.get("/read-models/accounts/live?minPosition=-2"), "minPosition [-2]");
        // beyond every event appended: refused at once rather than holding a request place for the whole wait
        assertDetail(http.get(docs + "?minPosition=" + Long.MAX_VALUE), "newest event is at");
    }

    private static void assertDetail(Answer answer, String text) {
        assertProblem(answer, 400, "invalid-parameter");
        assertThat(answer.json().get("detail").asText()).contains(text);
    }
}
