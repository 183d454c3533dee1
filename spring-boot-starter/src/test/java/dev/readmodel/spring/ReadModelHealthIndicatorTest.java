package dev.readmodel.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.health.HealthCheck;
import dev.readmodel.core.health.HealthConfig;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.projection.FailurePolicy;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.spring.internal.ReadModelHealthIndicator;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** The indicator's status follows core's health: UP when ready, OUT_OF_SERVICE when a projection faulted. */
class ReadModelHealthIndicatorTest {
    @Test
    void aFaultedProjectionTakesTheInstanceOutOfServiceAndNamesItsError() throws InterruptedException {
        InMemoryEventStore events = new InMemoryEventStore();
        Projection failing = Projection.named("failing").readModel(TestApp.TALLY)
                .on("counted", TestApp.Counted.class, TestApp.TALLY, TestApp.Counted::stream, (current, e) -> {
                    if (e.stream().equals("bad")) {
                        throw new IllegalArgumentException("bad stream");
                    }
                    return Document.of("applied", 1L);
                })
                .onFailure(FailurePolicy.fail(0))
                .build();
        try (ProjectionEngine engine = ProjectionEngine.builder(events)
                .register(failing, new InMemoryReadModelStore(), ProjectionMode.PERSISTENT).build()) {
            engine.start();
            ReadModelHealthIndicator indicator = new ReadModelHealthIndicator(HealthCheck.of(engine, HealthConfig.DEFAULT));
            events.append("good", ExpectedVersion.ANY, TestApp.counted("good", 1));
            assertThat(engine.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
            assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

            events.append("bad", ExpectedVersion.ANY, TestApp.counted("bad", 1));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            Health health = indicator.health();
            while (health.getStatus().equals(Status.UP) && System.nanoTime() < deadline) {
                Thread.sleep(10);
                health = indicator.health();
            }
            assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> projections = (Map<String, Map<String, Object>>) health.getDetails()
                    .get("projections");
            assertThat(projections.get("failing")).containsEntry("state", "FAULTED");
            assertThat((String) projections.get("failing").get("error")).contains("position [2]", "bad stream");
        }
    }
}
