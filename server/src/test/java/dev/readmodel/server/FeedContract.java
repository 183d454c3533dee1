package dev.readmodel.server;

import static dev.readmodel.server.QueryServerContract.OPS;
import static dev.readmodel.server.QueryServerContract.READ;
import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.event.EventStore;
import dev.readmodel.core.event.Json;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.server.FeedClients.Msg;
import dev.readmodel.server.FeedClients.Sse;
import dev.readmodel.server.FeedClients.Ws;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The change feeds over real HTTP, the same for every store: events appended while clients read, connections
 * dropped and resumed, whose messages together must be exactly the changes the events imply; the window, slow
 * clients, bounds and the operations feed. Subclasses give the store and the event store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FeedContract {
    protected ProjectionEngine engine;
    protected EventStore events;
    private ServedStores served;

    /** The orders the tests append, and what the feeds must say of them. */
    protected AppendedOrders orders;

    /** The stores under test, opened fresh (a new schema, database or prefix) each time this is called. */
    protected abstract ServedStores stores();

    @BeforeAll
    void startEngine() throws Exception {
        served = stores();
        ReadModelStore store = served.store();
        events = served.events();
        Fixture.load(events);
        engine = ProjectionEngine.builder(events).config(EngineConfig.DEFAULT.withPollInterval(Duration.ofMillis(20)))
                .register(Fixture.orders(), store, ProjectionMode.PERSISTENT)
                .register(Fixture.audit(), store, ProjectionMode.PERSISTENT)
                .register(Fixture.secrets(), store, ProjectionMode.PERSISTENT)
                .build();
        engine.start();
        assertThat(engine.awaitCaughtUp(Duration.ofMinutes(2))).isTrue();
        orders = new AppendedOrders(engine, events);
    }

    @AfterAll
    void stopEngine() {
        if (engine != null) {
            engine.close();
        }
        if (served != null) {
            served.close();
        }
    }

    QueryServerConfig.Builder config() {
        return QueryServerConfig.builder().serve("orders", "audit_counts").operationsToken(OPS);
    }

    long ordersCheckpoint() {
        return engine.status("orders").checkpoint();
    }

    void awaitOrders(long position) throws InterruptedException {
        assertThat(engine.awaitPosition("orders", position, Duration.ofMinutes(1))).isTrue();
    }

    /** Appends {@code count} orders on a thread, a few milliseconds apart, so that they commit in several batches. */
    CompletableFuture<List<String>> appendWhileReading(int count) {
        return CompletableFuture.supplyAsync(() -> {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ids.add(orders.place(i % 2 == 0, "n" + i));
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return ids;
        });
    }

    @Test
    void sseDroppedAndResumedWithLastEventIdLosesAndRepeatsNothing() throws Exception {
        try (QueryServer server = QueryServer.start(engine, config().build())) {
            long start = ordersCheckpoint();
            CompletableFuture<List<String>> appending = appendWhileReading(60);
            List<Msg> commits = new ArrayList<>();
            try (Sse first = FeedClients.sse(server, "/read-models/orders/changes?from=" + start)) {
                assertThat(first.status).isEqualTo(200);
                while (commits.size() < 2 && !(appending.isDone() && !commits.isEmpty())) {
                    Msg msg = first.poll(Duration.ofMillis(200));
                    if (msg != null) {
                        assertThat(msg.event()).isEqualTo("commit");
                        commits.add(msg);
                    }
                }
            } // dropped mid-way, while the appends go on
            List<String> ids = appending.get(2, TimeUnit.MINUTES);
            long lastSeen = commits.get(commits.size() - 1).id();
            // the header wins over the parameter
            try (Sse second = FeedClients.sse(server, "/read-models/orders/changes?from=0", "Last-Event-ID",
                    Long.toString(lastSeen))) {
                assertThat(second.status).isEqualTo(200);
                orders.readUntilAll(second, ids, commits);
            }
            orders.assertExactly(commits, ids);
        }
    }

    @Test
    void webSocketDeliversTheSameAndResumesWithFrom() throws Exception {
        try (QueryServer server = QueryServer.start(engine, config().build())) {
            long start = ordersCheckpoint();
            CompletableFuture<List<String>> appending = appendWhileReading(40);
            List<Msg> commits = new ArrayList<>();
            try (Ws first = FeedClients.ws(server, "/read-models/orders/changes/ws?from=" + start).get(30, TimeUnit.SECONDS)) {
                while (commits.size() < 2 && !(appending.isDone() && !commits.isEmpty())) {
                    Msg msg = first.poll(Duration.ofMillis(200));
                    if (msg != null) {
                        commits.add(msg);
                    }
                }
            }
            List<String> ids = appending.get(2, TimeUnit.MINUTES);
            long lastSeen = commits.get(commits.size() - 1).id();
            try (Ws second = FeedClients.ws(server, "/read-models/orders/changes/ws?from=" + lastSeen).get(30, TimeUnit.SECONDS)) {
                orders.readUntilAll(second, ids, commits);
            }
            orders.assertExactly(commits, ids);
            // the same messages as SSE, frame for frame
            try (Sse sse = FeedClients.sse(server, "/read-models/orders/changes?from=" + start);
                 Ws ws = FeedClients.ws(server, "/read-models/orders/changes/ws?from=" + start).get(30, TimeUnit.SECONDS)) {
                for (int i = 0; i < Math.min(3, commits.size()); i++) {
                    assertThat(ws.next()).isEqualTo(sse.next());
                }
            }
        }
    }

    @Test
    void aResumeOutsideTheWindowIsResetThenLive() throws Exception {
        try (QueryServer server = QueryServer.start(engine, config().feedWindow(2).build())) {
            long start = ordersCheckpoint();
            List<Long> positions = new ArrayList<>();
            for (int i = 0; i < 4; i++) { // four commits, one at a time: the window keeps the last two
                String id = orders.place(false, "w" + i);
                positions.add(orders.position(id));
                awaitOrders(positions.get(i));
            }
            try (Sse old = FeedClients.sse(server, "/read-models/orders/changes?from=" + start)) {
                Msg reset = old.next();
                assertThat(reset.event()).isEqualTo("reset");
                assertThat(reset.data().get("reason").asText()).isEqualTo("outside-window");
                assertThat(reset.data().get("position").asLong()).isEqualTo(positions.get(1));
                assertThat(reset.id()).isEqualTo(-1);
                String live = orders.place(false, "live");
                Msg next = old.next();
                assertThat(next.event()).isEqualTo("commit");
                assertThat(next.data().get("changes").get(0).get("id").asText()).isEqualTo(live);
            }
            // a position inside the window gets exactly the kept messages after it
            try (Sse recent = FeedClients.sse(server, "/read-models/orders/changes?from=" + positions.get(2))) {
                Msg msg = recent.next();
                assertThat(msg.id()).isEqualTo(positions.get(3));
            }
            // no position at all: live only, no reset
            try (Sse fresh = FeedClients.sse(server, "/read-models/orders/changes")) {
                Thread.sleep(200); // let the stream attach before the append it must see
                String live = orders.place(true, "fresh");
                Msg msg = fresh.next();
                assertThat(msg.event()).isEqualTo("commit");
                assertThat(msg.data().get("changes").get(0).get("id").asText()).isEqualTo(live);
            }
        }
    }

    @Test
    void aSlowClientIsResetAndDisconnectedWhileAFastOneGetsEverything() throws Exception {
        try (QueryServer server = QueryServer.start(engine, config().feedQueueSize(6).feedWindow(10).build())) {
            long start = ordersCheckpoint();
            String big = "x".repeat(768 * 1024);
            List<String> ids = new ArrayList<>();
            try (Sse slow = FeedClients.sse(server, "/read-models/orders/changes?from=" + start, true);
                 Sse fast = FeedClients.sse(server, "/read-models/orders/changes?from=" + start)) {
                // 18 commits of 4.5 MiB: the slow client's socket buffers hold a few, its queue 6 more; it must read
                // again within Jetty's idle timeout (30 s) of its first blocked write, or it is dropped without reset
                for (int i = 0; i < 18; i++) {
                    long began = System.nanoTime();
                    List<String> batch = orders.placeMany(6, big);
                    ids.addAll(batch);
                    awaitOrders(orders.position(batch.get(5))); // a commit each, at a pace the fast client keeps
                    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
                    Thread.sleep(Math.max(0, 150 - took)); // parsing 4.5 MiB of JSON takes the fast client a while
                }
                slow.resume(); // now it reads what the server wrote before it gave up on it
                List<Msg> commits = new ArrayList<>();
                orders.readUntilAll(fast, ids, commits);
                orders.assertExactly(commits, ids);
                Msg last = slow.until(m -> !m.event().equals("commit"));
                assertThat(last.event()).isEqualTo("reset");
                assertThat(last.data().get("reason").asText()).isEqualTo("overflow");
                assertThat(slow.next()).as("disconnected after the reset").isEqualTo(Msg.END);
                assertThat(slow.taken.size()).as("fewer commits than were made, then the reset and the end").isLessThan(18 + 2);
            }
        }
    }

    @Test
    void connectionBoundsAnswer429And503BeforeTheStreamStarts() throws Exception {
        try (QueryServer server = QueryServer.start(engine, config().maxFeedConnections(16, 2).build());
             Sse one = FeedClients.sse(server, "/read-models/orders/changes");
             Sse two = FeedClients.sse(server, "/read-models/audit_counts/changes")) {
            assertThat(one.status).isEqualTo(200);
            assertThat(two.status).isEqualTo(200);
            try (Sse three = FeedClients.sse(server, "/read-models/orders/changes")) {
                assertThat(three.status).as(three.problem).isEqualTo(429);
                assertThat(three.retryAfter).isEqualTo("5");
                assertThat(Json.parse(three.problem).get("type").asText()).endsWith("/too-many-feeds-from-client");
            }
            assertThat(FeedClients.handshakeStatus(FeedClients.ws(server, "/read-models/orders/changes/ws"))).isEqualTo(429);
        }
        try (QueryServer server = QueryServer.start(engine, config().maxFeedConnections(1, 16).build());
             Sse one = FeedClients.sse(server, "/read-models/orders/changes");
             Sse two = FeedClients.sse(server, "/read-models/orders/changes")) {
            assertThat(one.status).isEqualTo(200);
            assertThat(two.status).as(two.problem).isEqualTo(503);
            assertThat(two.retryAfter).isEqualTo("5");
        }
    }

    @Test
    void feedsCheckScopeNamesAndPositions() throws Exception {
        try (QueryServer server = QueryServer.start(engine, config().readToken(READ).build())) {
            String[] auth = {"Authorization", "Bearer " + READ};
            assertThat(status(server, "/read-models/orders/changes")).isEqualTo(401);
            assertThat(status(server, "/read-models/secrets/changes", auth)).isEqualTo(404);
            assertThat(status(server, "/read-models/nope/changes/ws", auth)).isEqualTo(404);
            try (Sse bad = FeedClients.sse(server, "/read-models/orders/changes?from=abc", auth)) {
                assertThat(bad.status).isEqualTo(400);
                assertThat(bad.problem).contains("from [abc]");
            }
            try (Sse bad = FeedClients.sse(server, "/read-models/orders/changes", "Last-Event-ID", "-3",
                    "Authorization", "Bearer " + READ)) {
                assertThat(bad.status).isEqualTo(400);
                assertThat(bad.problem).contains("Last-Event-ID [-3]");
            }
            assertThat(status(server, "/feed", auth)).as("the operations feed needs the operations token").isEqualTo(401);
            assertThat(FeedClients.handshakeStatus(FeedClients.ws(server, "/read-models/orders/changes/ws"))).isEqualTo(401);
            try (Ws ok = FeedClients.ws(server, "/read-models/orders/changes/ws", auth).get(30, TimeUnit.SECONDS)) {
                Thread.sleep(200);
                String id = orders.place(false, "ws-auth");
                assertThat(ok.next().data().get("changes").get(0).get("id").asText()).isEqualTo(id);
            }
        }
    }

    private static int status(QueryServer server, String path, String... headers) throws Exception {
        try (Sse sse = FeedClients.sse(server, path, headers)) {
            return sse.status;
        }
    }

    @Test
    void theOperationsFeedSendsStatusAndEveryServedReadModelsCommits() throws Exception {
        try (QueryServer server = QueryServer.start(engine, config()
                .feedIntervals(Duration.ofMillis(100), Duration.ofMillis(100)).build());
             Sse ops = FeedClients.sse(server, "/feed", "Authorization", "Bearer " + OPS)) {
            assertThat(ops.status).isEqualTo(200);
            Msg first = ops.next();
            assertThat(first.event()).isEqualTo("status");
            List<String> projections = new ArrayList<>();
            first.data().get("projections").forEach(p -> projections.add(p.get("projection").asText()));
            assertThat(projections).containsExactly("orders", "audit", "secrets");
            assertThat(first.data().get("projections").get(0).has("rebuild")).isTrue();
            String id = orders.place(false, "ops");
            long position = orders.position(id);
            Msg commit = ops.until(m -> m.event().equals("commit"));
            assertThat(commit.data().get("changes").get(0).get("id").asText()).isEqualTo(id);
            Msg status = ops.until(m -> m.event().equals("status")
                    && m.data().get("projections").get(0).get("checkpoint").asLong() >= position);
            assertThat(status.data().get("projections").get(0).get("projection").asText()).isEqualTo("orders");
        }
    }

    @Test
    void theOpenApiDocumentListsTheFeeds() {
        try (QueryServer server = QueryServer.start(engine, config().build())) {
            JsonNode paths = new Http(server).get("/openapi.json").json().get("paths");
            assertThat(paths.get("/read-models/{model}/changes").get("get").get("responses").get("200").get("content")
                    .has("text/event-stream")).isTrue();
            assertThat(paths.get("/read-models/{model}/changes").get("get").get("parameters").findValuesAsText("name"))
                    .contains("model", "from", "Last-Event-ID");
            assertThat(paths.has("/read-models/{model}/changes/ws")).isTrue();
            assertThat(paths.get("/feed").get("get").has("security")).isTrue();
        }
    }

    @Test
    void closingTheServerEndsEveryStream() throws Exception {
        QueryServer server = QueryServer.start(engine, config().build());
        try (Sse sse = FeedClients.sse(server, "/read-models/orders/changes");
             Ws ws = FeedClients.ws(server, "/read-models/orders/changes/ws").get(30, TimeUnit.SECONDS)) {
            server.close();
            assertThat(sse.until(m -> false)).isEqualTo(Msg.END);
            assertThat(ws.until(m -> false)).isEqualTo(Msg.END);
        }
    }
}
