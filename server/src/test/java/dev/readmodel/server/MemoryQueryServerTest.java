package dev.readmodel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.error.TransientStoreException;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.spi.ForwardingReadModelStore;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.server.Http.Answer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The contract on the in-memory default, plus what needs a store that can be made slow or failing. */
class MemoryQueryServerTest extends QueryServerContract {
    private final InMemoryReadModelStore memory = new InMemoryReadModelStore();
    private final AtomicBoolean down = new AtomicBoolean();
    private volatile CountDownLatch hold;
    private final AtomicInteger queries = new AtomicInteger();

    @Override
    protected ServedStores stores() {
        return ServedStores.inMemory(memory);
    }

    /** The memory store, which can be held (to fill the server) or taken down (an outage). */
    private ReadModelStore controllable() {
        return new ForwardingReadModelStore(memory) {
            @Override
            public List<Document> query(ReadModel model, Query query) {
                queries.incrementAndGet();
                if (down.get()) {
                    throw new TransientStoreException("Store [memory] is down for the test", null);
                }
                CountDownLatch latch = hold;
                if (latch != null) {
                    try {
                        latch.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.query(model, query);
            }
        };
    }

    private ProjectionEngine controllableEngine() throws Exception {
        InMemoryEventStore events = new InMemoryEventStore();
        Fixture.load(events);
        ProjectionEngine other = ProjectionEngine.builder(events).register(Fixture.orders(), controllable(),
                ProjectionMode.CATCH_UP).build();
        other.start();
        assertThat(other.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
        return other;
    }

    @Test
    void excessConcurrentRequestsGet503WithRetryAfter() throws Exception {
        try (ProjectionEngine other = controllableEngine();
             QueryServer small = QueryServer.start(other, QueryServerConfig.builder().serveAll().maxConcurrentRequests(2).build())) {
            Http client = new Http(small);
            hold = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Answer>> answers = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    // plain by-id reads too, which are answered in front of the routes but under the same bound
                    String path = i % 2 == 0 ? "/read-models/orders/documents?limit=1" : "/read-models/orders/documents/o004";
                    answers.add(pool.submit(() -> client.get(path)));
                }
                Thread.sleep(2_000); // every request is in, two of them held in the store
                hold.countDown();
                int ok = 0;
                int busy = 0;
                for (Future<Answer> f : answers) {
                    Answer a = f.get(30, TimeUnit.SECONDS);
                    if (a.status() == 200) {
                        ok++;
                    } else {
                        assertProblem(a, 503, "too-busy");
                        assertThat(a.header("Retry-After")).isEqualTo("1");
                        busy++;
                    }
                }
                // two held in the store answer; those that came while both permits were taken are refused (on a
                // slow machine a late one may find a permit free again after the release)
                assertThat(ok).isGreaterThanOrEqualTo(2);
                assertThat(busy).isGreaterThanOrEqualTo(1);
                assertThat(ok + busy).isEqualTo(8);
            } finally {
                hold = null;
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aStoreOutageIs503WithRetryAfter() throws Exception {
        try (ProjectionEngine other = controllableEngine();
             QueryServer small = QueryServer.start(other, QueryServerConfig.builder().serve("orders").build())) {
            down.set(true);
            Answer answer = new Http(small).get("/read-models/orders/documents");
            down.set(false);
            assertProblem(answer, 503, "store-unavailable");
            assertThat(answer.header("Retry-After")).isEqualTo("5");
            assertThat(new Http(small).get("/read-models/orders/documents").status()).isEqualTo(200);
            down.set(true);
            int before = queries.get();
            Answer byId = new Http(small).get("/read-models/orders/documents/o004");
            down.set(false);
            assertProblem(byId, 503, "store-unavailable");
            // the plain by-id read fails in front of the routes, which answer that failure: the store is asked once
            assertThat(queries.get() - before).isEqualTo(1);
            assertThat(new Http(small).get("/read-models/orders/documents/o004").status()).isEqualTo(200);
        }
    }

    @Test
    void corsIsOffByDefaultAndAllowsOnlyTheConfiguredOrigins() {
        Answer plain = http.get("/read-models/orders/documents?limit=1", "Origin", "https://evil.example");
        assertThat(plain.header("Access-Control-Allow-Origin")).isNull();
        assertProblem(http.options("/read-models/orders/documents", "Origin", "https://app.example",
                "Access-Control-Request-Method", "GET"), 404, "not-found");
        try (QueryServer cors = QueryServer.start(engine, QueryServerConfig.builder().serve("orders")
                .corsOrigins("https://app.example").basePath("/api").build())) {
            Http client = new Http(cors);
            Answer allowed = client.get("/read-models/orders/documents?limit=1", "Origin", "https://app.example");
            assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example");
            assertThat(client.get("/read-models/orders/documents?limit=1", "Origin", "https://evil.example")
                    .header("Access-Control-Allow-Origin")).isNull();
            Answer preflight = client.options("/read-models/orders/documents", "Origin", "https://app.example",
                    "Access-Control-Request-Method", "GET");
            assertThat(preflight.status()).isEqualTo(204);
            assertThat(preflight.header("Access-Control-Allow-Headers")).contains("Authorization");
            assertProblem(client.options("/read-models/orders/documents", "Origin", "https://evil.example",
                    "Access-Control-Request-Method", "GET"), 403, "cors-origin-refused");
            assertThat(cors.url().getPath()).isEqualTo("/api");
        }
    }

    @Test
    void configurationIsCheckedWithTheBadValue() {
        assertThatThrownBy(() -> QueryServerConfig.builder().build()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("serveAll()");
        assertThatThrownBy(() -> QueryServerConfig.builder().serveAll().maxLimit(20_000).build())
                .hasMessageContaining("maxLimit [20000]");
        assertThatThrownBy(() -> QueryServerConfig.builder().serveAll().operationsToken("short").build())
                .hasMessageContaining("operations token");
        assertThatThrownBy(() -> QueryServerConfig.builder().serveAll().basePath("api/").build())
                .hasMessageContaining("base path [api/]");
        assertThatThrownBy(() -> QueryServerConfig.builder().serveAll().corsOrigins("evil").build())
                .hasMessageContaining("CORS origin [evil]");
        assertThatThrownBy(() -> QueryServerConfig.builder().serveAll().port(70_000).build())
                .hasMessageContaining("port [70000]");
        QueryServerConfig defaults = QueryServerConfig.builder().serve("orders").build();
        assertThat(defaults.operationsToken()).isEmpty();
        assertThat(defaults.readToken()).isEmpty();
        assertThat(defaults.corsOrigins()).isEmpty();
        assertThat(defaults.serves("secrets")).isFalse();
    }
}
