package dev.readmodel.server;

import static dev.readmodel.server.QueryServerContract.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.event.EventStore;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.core.status.ProjectionStatus;
import dev.readmodel.server.Http.Answer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code GET /metrics} over real HTTP, the same for every store: the engine's meters in Prometheus' text
 * format with the projection and store tags and the values of the engine's status, OpenMetrics on request,
 * the read scope, turning it off, and a registry the application shares. Subclasses give the stores.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MetricsEndpointContract {
    static final String READ = QueryServerContract.READ;

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
                .build();
        engine.start();
        assertThat(engine.awaitCaughtUp(Duration.ofMinutes(2))).isTrue();
        server = QueryServer.start(engine, QueryServerConfig.builder().serve("orders").build());
        http = new Http(server);
        // batches committed while the server serves, for the batch meters it bound
        for (int i = 0; i < 5; i++) {
            events.append("order-late-" + i, ExpectedVersion.NO_STREAM, List.of(NewEvent.of("order.placed",
                    new Fixture.Placed("late-" + i, "c1", BigDecimal.ONE, 1, "late", Fixture.START))));
        }
        assertThat(engine.awaitCaughtUp(Duration.ofMinutes(2))).isTrue();
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

    @Test
    void servesTheEnginesMetersInPrometheusTextWithTheStatusValues() throws Exception {
        Thread.sleep(1_100); // the snapshot of an earlier scrape has expired
        Answer answer = http.get("/metrics");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        String body = answer.response().body();
        String tags = "projection=\"orders\",store=\"" + store.name() + "\"";
        ProjectionStatus status = engine.status("orders");
        assertThat(value(body, "readmodel_projection_checkpoint", tags)).isEqualTo(status.checkpoint());
        assertThat(value(body, "readmodel_projection_lag_events", tags)).isZero();
        assertThat(value(body, "readmodel_projection_events_applied_total", tags)).isEqualTo(status.eventsApplied())
                .isEqualTo(Fixture.ORDER_COUNT + Fixture.ORDER_COUNT * 2 / 3 + 5);
        // tags in name order
        assertThat(value(body, "readmodel_projection_state", "projection=\"orders\",state=\"live\",store=\""
                + store.name() + "\"")).isEqualTo(1);
        assertThat(value(body, "readmodel_projection_batches_total", tags)).isPositive();
        assertThat(value(body, "readmodel_projection_documents_written_total", tags)).isEqualTo(5);
        assertThat(value(body, "readmodel_projection_batch_apply_seconds_count", tags))
                .isEqualTo(value(body, "readmodel_projection_batches_total", tags));
        assertThat(body).contains("readmodel_projection_batch_commit_seconds_bucket{" + tags + ",le=\"");
        // the audit projection parked its poison event
        String audit = "projection=\"audit\",store=\"" + store.name() + "\"";
        assertThat(value(body, "readmodel_projection_dead_letters", audit)).isEqualTo(1);
        assertThat(value(body, "readmodel_projection_faults_total", audit)).isZero();
    }

    @Test
    void servesOpenMetricsWhenTheScraperAsksForIt() {
        Answer answer = http.get("/metrics", "Accept", "application/openmetrics-text; version=1.0.0");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/openmetrics-text");
        assertThat(answer.response().body()).contains("readmodel_projection_lag_events{projection=\"orders\"")
                .endsWith("# EOF\n");
    }

    @Test
    void isInTheOpenApiDocument() {
        assertThat(http.get("/openapi.json").json().path("paths").has("/metrics")).isTrue();
    }

    @Test
    void needsTheReadTokenWhenOneIsSet() {
        try (QueryServer guarded = QueryServer.start(engine, QueryServerConfig.builder().serve("orders")
                .readToken(READ).build())) {
            Http client = new Http(guarded);
            assertProblem(client.get("/metrics"), 401, "unauthorized");
            Answer ok = client.get("/metrics", "Authorization", "Bearer " + READ);
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.response().body()).contains("readmodel_projection_checkpoint{projection=\"orders\"");
        }
    }

    @Test
    void canBeTurnedOff() {
        try (QueryServer off = QueryServer.start(engine, QueryServerConfig.builder().serve("orders").metrics(false)
                .build())) {
            Http client = new Http(off);
            assertProblem(client.get("/metrics"), 404, "not-found");
            assertThat(client.get("/openapi.json").json().path("paths").has("/metrics")).isFalse();
        }
    }

    @Test
    void servesAndThenLeavesASharedRegistry() {
        PrometheusMeterRegistry shared = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Counter own = Counter.builder("app.orders.placed").register(shared);
        own.increment(3);
        try (QueryServer sharing = QueryServer.start(engine, QueryServerConfig.builder().serve("orders")
                .meterRegistry(shared).build())) {
            String body = new Http(sharing).get("/metrics").response().body();
            assertThat(body).contains("app_orders_placed_total 3.0")
                    .contains("readmodel_projection_checkpoint{projection=\"orders\"");
        }
        assertThat(shared.getMeters()).containsExactly(own);
        assertThat(shared.scrape()).contains("app_orders_placed_total 3.0");
        shared.close();
    }

    /** The value of the sample {@code name{tags}} in a Prometheus text answer. */
    static double value(String body, String name, String tags) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name + "{" + tags + "}") + " (\\S+)$").matcher(body);
        List<String> values = new ArrayList<>();
        while (m.find()) {
            values.add(m.group(1));
        }
        assertThat(values).as("samples of %s{%s} in:%n%s", name, tags, body).hasSize(1);
        return Double.parseDouble(values.get(0));
    }

}
