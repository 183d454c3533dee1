package dev.readmodel.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.projection.FailurePolicy;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.server.Http.Answer;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The health contract on the in-memory stores, plus who sees a failure's cause and the OpenAPI entries. */
class MemoryHealthTest extends HealthContract {
    private static final String READ = "read-token-0123456789abcdef";

    @Override
    protected ServedStores stores() {
        return ServedStores.inMemory();
    }

    @Test
    void behindAReadTokenTheCauseIsShownOnlyToCallersWithTheToken() throws Exception {
        InMemoryEventStore events = new InMemoryEventStore();
        events.append("x-1", ExpectedVersion.ANY, List.of(NewEvent.of("check", new Step("x1", false))));
        Projection failing = Projection.named("failing").readModel(CHECKS).onFailure(FailurePolicy.fail(0))
                .on("check", Step.class, CHECKS, Step::id, (d, e) -> {
                    throw new IllegalStateException("secret value " + e.id());
                }).build();
        try (ProjectionEngine other = ProjectionEngine.builder(events)
                .config(EngineConfig.DEFAULT.withPollInterval(Duration.ofMillis(20)))
                .register(failing, new InMemoryReadModelStore(), ProjectionMode.PERSISTENT).build()) {
            other.start();
            try (QueryServer guarded = QueryServer.start(other, QueryServerConfig.builder().serveAll().readToken(READ).build())) {
                Http client = new Http(guarded);
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                Answer open = client.get("/health/ready");
                while (open.status() != 503 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                    open = client.get("/health/ready");
                }
                assertThat(open.status()).as(open.toString()).isEqualTo(503);
                JsonNode anonymous = open.json().get("projections").get(0);
                assertThat(anonymous.get("health").asText()).isEqualTo("FAULTED");
                assertThat(anonymous.get("position").asLong()).isEqualTo(1);
                assertThat(anonymous.has("cause")).isFalse();
                assertThat(open.response().body()).doesNotContain("secret value");
                Answer wrong = client.get("/health/ready", "Authorization", "Bearer not-the-token-at-all");
                assertThat(wrong.status()).isEqualTo(503);
                assertThat(wrong.response().body()).doesNotContain("secret value");
                Answer reader = client.get("/health/ready", "Authorization", "Bearer " + READ);
                assertThat(reader.json().get("projections").get(0).get("cause").asText())
                        .contains("failed on event [check] at position [1]", "IllegalStateException: secret value x1");
                assertThat(client.get("/health/live").status()).isEqualTo(200);
            }
        }
    }

    @Test
    void theOpenApiDocumentListsTheHealthEndpointsWithoutSecurity() throws Exception {
        try (ProjectionEngine other = ProjectionEngine.builder(new InMemoryEventStore()).build();
             QueryServer plain = QueryServer.start(other, QueryServerConfig.builder().serveAll().build())) {
            JsonNode paths = new Http(plain).get("/openapi.json").json().get("paths");
            for (String path : List.of("/health", "/health/live", "/health/ready")) {
                assertThat(paths.has(path)).as(path).isTrue();
                assertThat(paths.get(path).get("get").has("security")).as(path).isFalse();
            }
        }
    }
}
