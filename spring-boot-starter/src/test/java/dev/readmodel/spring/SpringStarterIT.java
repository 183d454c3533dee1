package dev.readmodel.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.query.Query;
import dev.readmodel.micrometer.ReadModelMetrics;
import dev.readmodel.postgres.PostgresDeadLetterStore;
import dev.readmodel.postgres.PostgresEventStore;
import dev.readmodel.postgres.PostgresReadModelStore;
import dev.readmodel.postgres.PostgresServer;
import dev.readmodel.spring.internal.EngineLifecycle;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.micrometer.metrics.actuate.endpoint.MetricsEndpoint;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The starter against the real PostgreSQL: wiring, catching up, the caller's transaction, Actuator. */
@SpringBootTest(classes = TestApp.class, properties = {
        "readmodel.projections.inline-tally.mode=INLINE",
        "readmodel.engine.poll-interval=50ms",
        "management.endpoints.web.exposure.include=health,metrics",
        "management.endpoint.health.show-details=always"})
class SpringStarterIT {
    private static final String SCHEMA = PostgresServer.freshSchema();

    @DynamicPropertySource
    static void server(DynamicPropertyRegistry registry) {
        TestApp.properties(registry, SCHEMA);
    }

    @Autowired
    ProjectionEngine engine;
    @Autowired
    PostgresEventStore events;
    @Autowired
    PostgresReadModelStore store;
    @Autowired
    PostgresDeadLetterStore deadLetters;
    @Autowired
    EngineLifecycle lifecycle;
    @Autowired
    ReadModelMetrics metrics;
    @Autowired
    TestApp.Appender appender;
    @Autowired
    HealthEndpoint health;
    @Autowired
    MetricsEndpoint metricsEndpoint;

    private Map<String, Long> tally(String readModel) {
        return engine.query(readModel, Query.all()).stream()
                .collect(Collectors.toMap(d -> d.string("stream"), (Document d) -> d.longValue("applied", -1)));
    }

    @Test
    void everyProjectionBeanRunsInItsConfiguredModeAndCatchesUp() throws InterruptedException {
        assertThat(lifecycle.isRunning()).isTrue();
        assertThat(engine.status("tally").mode()).isEqualTo(ProjectionMode.PERSISTENT);
        assertThat(engine.status("inline-tally").mode()).isEqualTo(ProjectionMode.INLINE);
        appender.append("caught-up", 3);
        assertThat(tally("inline_tally")).containsEntry("caught-up", 3L); // inline: readable at once
        assertThat(engine.awaitCaughtUp(Duration.ofSeconds(20))).isTrue();
        assertThat(tally("tally")).containsEntry("caught-up", 3L);
    }

    @Test
    void theUpcastersBeanReachesEveryProjection() throws InterruptedException {
        events.append("renamed", ExpectedVersion.ANY, List.of(NewEvent.of("tallied", new TestApp.Counted("renamed"))));
        assertThat(engine.awaitCheckpoint("tally", events.head().position(), Duration.ofSeconds(20))).isTrue();
        assertThat(tally("tally")).containsEntry("renamed", 1L);
        appender.append("renamed", 1); // the inline projection reads the stored event under its new name first
        assertThat(tally("inline_tally")).containsEntry("renamed", 2L);
    }

    @Test
    void twoTransactionsAppendingTwiceEachBothCommitInsteadOfWaitingOnEachOther() throws Exception {
        CountDownLatch firstAppended = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = threads.submit(() -> {
                appender.appendTwice("twice-1", firstAppended, goOn);
                return null;
            });
            assertThat(firstAppended.await(20, TimeUnit.SECONDS)).isTrue();
            Future<?> second = threads.submit(() -> {
                appender.appendTwice("twice-2", new CountDownLatch(1), new CountDownLatch(0));
                return null;
            });
            Thread.sleep(200); // the second append starts while the first transaction holds its locks
            goOn.countDown();
            first.get(60, TimeUnit.SECONDS);
            second.get(60, TimeUnit.SECONDS);
        } finally {
            goOn.countDown();
            threads.shutdownNow();
        }
        assertThat(tally("inline_tally")).containsEntry("twice-1", 2L).containsEntry("twice-2", 2L);
    }

    @Test
    void aRolledBackTransactionLeavesNeitherItsEventsNorItsInlineChangesNorAnyProgress() throws InterruptedException {
        appender.append("rollback", 2);
        long checkpoint = engine.status("inline-tally").checkpoint();
        long head = events.head().position();

        assertThatThrownBy(() -> appender.appendThenFail("rollback", 5)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the service fails after its append");

        assertThat(events.readStream("rollback")).hasSize(2);
        assertThat(events.head().position()).isEqualTo(head);
        assertThat(tally("inline_tally")).containsEntry("rollback", 2L);
        assertThat(engine.status("inline-tally").checkpoint()).isEqualTo(checkpoint);
        assertThat(store.checkpoint("inline-tally")).isEqualTo(checkpoint);
        // the next append starts from the committed state: nothing of the rolled-back one is counted
        appender.append("rollback", 1);
        assertThat(tally("inline_tally")).containsEntry("rollback", 3L);
        assertThat(engine.status("inline-tally").checkpoint()).isEqualTo(events.head().position());
        assertThat(engine.awaitCaughtUp(Duration.ofSeconds(20))).isTrue();
        assertThat(tally("tally")).containsEntry("rollback", 3L);
    }

    @Test
    void anAppendStraightToTheEventStoreJoinsTheTransactionToo() throws InterruptedException {
        long head = events.head().position();
        assertThatThrownBy(() -> appender.appendToTheStore("direct", 4, true)).isInstanceOf(IllegalStateException.class);
        assertThat(events.readStream("direct")).isEmpty();
        assertThat(events.head().position()).isEqualTo(head);

        appender.appendToTheStore("direct", 4, false);
        assertThat(events.readStream("direct")).hasSize(4);
        // not awaitCaughtUp: the inline projection sees events appended around the engine only at its next append
        assertThat(engine.awaitCheckpoint("tally", events.head().position(), Duration.ofSeconds(20))).isTrue();
        assertThat(tally("tally")).containsEntry("direct", 4L);
        // the inline projection picks up events appended around the engine at the next append through it
        appender.append("after-direct", 1);
        assertThat(tally("inline_tally")).containsEntry("direct", 4L).containsEntry("after-direct", 1L);
    }

    @Test
    void aFailedAppendInsideTheCallersTransactionUndoesOnlyItsOwnWork() throws InterruptedException {
        appender.appendAroundARefusal("conflict", TestApp.REFUSED + "1");

        assertThat(events.readStream(TestApp.REFUSED + "1")).isEmpty();
        assertThat(events.readStream("conflict")).hasSize(2);
        assertThat(tally("inline_tally")).containsEntry("conflict", 2L);
        assertThat(engine.status("inline-tally").checkpoint()).isEqualTo(events.head().position());
        assertThat(engine.awaitCaughtUp(Duration.ofSeconds(20))).isTrue();
        assertThat(tally("tally")).containsEntry("conflict", 2L);
    }

    @Test
    void healthAndMetricsShowThroughActuator() throws InterruptedException {
        appender.append("observed", 1);
        assertThat(engine.awaitCaughtUp(Duration.ofSeconds(20))).isTrue();

        IndicatedHealthDescriptor readModel = (IndicatedHealthDescriptor) health.healthForPath("readModel");
        assertThat(readModel.getStatus().getCode()).isEqualTo("UP");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> projections = (Map<String, Map<String, Object>>) readModel.getDetails()
                .get("projections");
        assertThat(projections).containsKeys("tally", "inline-tally");
        assertThat(projections.get("tally")).containsEntry("state", "UP");

        MetricsEndpoint.MetricDescriptor checkpoint = metricsEndpoint.metric("readmodel.projection.checkpoint",
                List.of("projection:tally"));
        assertThat(checkpoint).isNotNull();
        assertThat(checkpoint.getMeasurements().get(0).getValue())
                .isEqualTo((double) engine.status("tally").checkpoint());
        assertThat(deadLetters.list("tally")).isEmpty();
    }
}
