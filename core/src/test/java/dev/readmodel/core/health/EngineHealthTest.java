package dev.readmodel.core.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.FailurePolicy;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.projection.ProjectionMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The check on a running engine: paused by an operator, faulted by a handler, up again after a fix and restart. */
class EngineHealthTest {
    private static final ReadModel COUNTS = ReadModel.named("counts").key("id").field("n", FieldType.LONG).build();

    @Test
    void followsAPauseAFaultAndARestartOfARealEngine() throws Exception {
        InMemoryEventStore events = new InMemoryEventStore();
        AtomicBoolean broken = new AtomicBoolean();
        Projection counts = Projection.named("counts").readModel(COUNTS).onFailure(FailurePolicy.fail(0))
                .on("tick", Map.class, COUNTS, e -> "all", (d, e) -> {
                    if (broken.get()) {
                        throw new IllegalStateException("tick refused");
                    }
                    return d == null ? Document.of("n", 1L) : d.plus("n", 1);
                }).build();
        events.append("t", ExpectedVersion.ANY, List.of(NewEvent.of("tick", Map.of())));
        try (ProjectionEngine engine = ProjectionEngine.builder(events)
                .config(EngineConfig.DEFAULT.withPollInterval(Duration.ofMillis(10)))
                .register(counts, new InMemoryReadModelStore(), ProjectionMode.PERSISTENT).build()) {
            HealthCheck check = HealthCheck.builder(engine).maxLag(0).build();
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            assertThat(check.check().projection("counts")).contains(new ProjectionHealth.Up("counts", 1, 0, Duration.ZERO));

            engine.pause("counts");
            events.append("t", ExpectedVersion.ANY, List.of(NewEvent.of("tick", Map.of())));
            assertThat(awaitCase(check, "PAUSED").ready()).isTrue();
            engine.resume("counts");
            assertThat(engine.awaitCheckpoint("counts", 2, Duration.ofSeconds(30))).isTrue();

            broken.set(true);
            long poison = events.append("t", ExpectedVersion.ANY, List.of(NewEvent.of("tick", Map.of()))).lastPosition();
            ProjectionHealth faulted = awaitCase(check, "FAULTED");
            assertThat(((ProjectionHealth.Faulted) faulted).error().position()).isEqualTo(poison);
            assertThat(((ProjectionHealth.Faulted) faulted).error().message()).contains("tick refused");
            assertThat(check.check().live()).isTrue();
            assertThat(check.check().ready()).isFalse();

            broken.set(false);
            engine.restart("counts");
            assertThat(engine.awaitCheckpoint("counts", poison, Duration.ofSeconds(30))).isTrue();
            assertThat(awaitCase(check, "UP").checkpoint()).isEqualTo(poison);
            assertThat(check.check().ready()).isTrue();
        }
    }

    /** Checks until the projection shows {@code name}, for up to 10 s; the last answer. */
    private static ProjectionHealth awaitCase(HealthCheck check, String name) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        ProjectionHealth health = check.check().projection("counts").orElseThrow();
        while (!health.name().equals(name) && System.nanoTime() < deadline) {
            Thread.sleep(10);
            health = check.check().projection("counts").orElseThrow();
        }
        assertThat(health.name()).as(health.toString()).isEqualTo(name);
        return health;
    }
}
