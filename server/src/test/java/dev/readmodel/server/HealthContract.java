package dev.readmodel.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.event.EventStore;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.health.HealthConfig;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.FailurePolicy;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.server.Http.Answer;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The health endpoints over real HTTP, the same for every store: a projection whose handler blocks while
 * events wait turns the instance not live and not ready, and ready again once it is released; one whose
 * handler throws under {@link FailurePolicy#fail(int)} turns it not ready, naming the position and the
 * cause, and ready again after a fix and a restart. Subclasses give the stores.
 */
abstract class HealthContract {
    static final ReadModel STEPS = ReadModel.named("steps").key("id").field("n", FieldType.LONG).build();
    static final ReadModel CHECKS = ReadModel.named("checks").key("id").field("n", FieldType.LONG).build();
    static final Duration STALL = Duration.ofMillis(400);

    record Step(String id, boolean block) {
    }

    private final AtomicBoolean broken = new AtomicBoolean();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private EventStore events;
    private ServedStores served;
    private ProjectionEngine engine;
    private QueryServer server;
    private Http http;

    /** The stores under test, opened fresh (a new schema, database or prefix) each time this is called. */
    protected abstract ServedStores stores();

    private Projection slow() {
        return Projection.named("slow").readModel(STEPS).on("step", Step.class, STEPS, Step::id, (d, e) -> {
            if (e.block()) {
                try {
                    gate.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            return Document.of("n", 1L);
        }).build();
    }

    private Projection fragile() {
        return Projection.named("fragile").readModel(CHECKS).onFailure(FailurePolicy.fail(0))
                .on("check", Step.class, CHECKS, Step::id, (d, e) -> {
                    if (broken.get()) {
                        throw new IllegalStateException("check " + e.id() + " refused while broken");
                    }
                    return Document.of("n", 1L);
                }).build();
    }

    @BeforeEach
    void start() throws Exception {
        served = stores();
        ReadModelStore store = served.store();
        events = served.events();
        engine = ProjectionEngine.builder(events).config(EngineConfig.DEFAULT.withPollInterval(Duration.ofMillis(20)))
                .register(slow(), store, ProjectionMode.PERSISTENT).register(fragile(), store, ProjectionMode.PERSISTENT)
                .build();
        long first = append("step", "s1", false);
        append("check", "c1", false);
        engine.start();
        assertThat(engine.awaitCaughtUp(Duration.ofMinutes(1))).isTrue();
        assertThat(first).isPositive();
        server = QueryServer.start(engine, QueryServerConfig.builder().serveAll()
                .health(HealthConfig.DEFAULT.withStallAfter(STALL)).build());
        http = new Http(server);
    }

    @AfterEach
    void stop() {
        gate.countDown();
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

    private long append(String type, String id, boolean block) {
        return events.append(type + "-" + id, ExpectedVersion.ANY, List.of(NewEvent.of(type, new Step(id, block))))
                .lastPosition();
    }

    /** Asks {@code path} until the answer matches, for up to 20 s; the last answer. */
    private Answer until(String path, Predicate<Answer> done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Answer answer = http.get(path);
        while (!done.test(answer) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            answer = http.get(path);
        }
        return answer;
    }

    private static JsonNode entry(Answer answer, String projection) {
        for (JsonNode p : answer.json().get("projections")) {
            if (p.get("projection").asText().equals(projection)) {
                return p;
            }
        }
        throw new AssertionError("no projection [" + projection + "] in " + answer);
    }

    @Test
    void upWhenEveryProjectionIsCaughtUp() {
        for (String path : List.of("/health", "/health/live", "/health/ready")) {
            Answer answer = http.get(path);
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
            assertThat(answer.json().get("live").asBoolean()).isTrue();
            assertThat(answer.json().get("ready").asBoolean()).isTrue();
            assertThat(entry(answer, "slow").get("health").asText()).isEqualTo("UP");
            assertThat(entry(answer, "fragile").get("health").asText()).isEqualTo("UP");
        }
    }

    @Test
    void aHandlerThatBlocksWhileEventsWaitIsStalledUntilReleased() throws Exception {
        long before = engine.status("slow").checkpoint();
        gate = new CountDownLatch(1);
        long blocked = append("step", "s2", true);
        append("step", "s3", false);
        Answer stalled = until("/health/ready", a -> a.status() == 503);
        assertThat(stalled.status()).as(stalled.toString()).isEqualTo(503);
        JsonNode slow = entry(stalled, "slow");
        assertThat(slow.get("health").asText()).isEqualTo("STALLED");
        assertThat(slow.get("reason").asText()).isEqualTo("NO_PROGRESS");
        assertThat(slow.get("checkpoint").asLong()).isEqualTo(before).isLessThan(blocked);
        assertThat(slow.get("lagEvents").asLong()).isPositive();
        assertThat(slow.get("stalledForMillis").asLong()).isGreaterThanOrEqualTo(STALL.toMillis());
        assertThat(stalled.json().get("live").asBoolean()).isFalse();
        assertThat(entry(stalled, "fragile").get("health").asText()).isEqualTo("UP");
        assertThat(http.get("/health/live").status()).isEqualTo(503);
        assertThat(http.get("/health").status()).isEqualTo(503);

        gate.countDown();
        Answer ready = until("/health/ready", a -> a.status() == 200);
        assertThat(ready.status()).as(ready.toString()).isEqualTo(200);
        assertThat(entry(ready, "slow").get("checkpoint").asLong()).isGreaterThanOrEqualTo(blocked);
        assertThat(http.get("/health/live").status()).isEqualTo(200);
    }

    @Test
    void aFaultedHandlerIsNotReadyNamingPositionAndCauseUntilFixedAndRestarted() throws Exception {
        broken.set(true);
        long poison = append("check", "c2", false);
        Answer faulted = until("/health/ready", a -> a.status() == 503);
        assertThat(faulted.status()).as(faulted.toString()).isEqualTo(503);
        JsonNode fragile = entry(faulted, "fragile");
        assertThat(fragile.get("health").asText()).isEqualTo("FAULTED");
        assertThat(fragile.get("position").asLong()).isEqualTo(poison);
        assertThat(fragile.get("eventType").asText()).isEqualTo("check");
        assertThat(fragile.get("cause").asText()).contains("check c2 refused while broken");
        assertThat(fragile.get("live").asBoolean()).isTrue();
        assertThat(faulted.response().body()).doesNotContain("\tat ");
        assertThat(http.get("/health/live").status()).as("a fault is not cured by a restart of the process")
                .isEqualTo(200);

        broken.set(false);
        engine.restart("fragile");
        // ready at once (no lag bound is set), and it stays ready while it applies the event it stopped at
        Answer ready = until("/health/ready",
                a -> a.status() == 200 && entry(a, "fragile").get("checkpoint").asLong() >= poison);
        assertThat(ready.status()).as(ready.toString()).isEqualTo(200);
        assertThat(entry(ready, "fragile").get("checkpoint").asLong()).isGreaterThanOrEqualTo(poison);
    }
}
