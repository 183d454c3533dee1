package dev.readmodel.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.query.Query;
import dev.readmodel.postgres.PostgresEventStore;
import dev.readmodel.postgres.PostgresServer;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Closing the application while a projection catches up over many events, then starting it again: the
 * read model equals a clean replay, each event applied exactly once (each application counts one).
 */
class GracefulShutdownIT {
    private static final int STREAMS = 40;
    private static final int PER_STREAM = 100;
    private final String schema = PostgresServer.freshSchema();

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(TestApp.class).web(WebApplicationType.NONE)
                .properties("spring.datasource.url=" + PostgresServer.config().jdbcUrl(),
                        "spring.datasource.username=" + PostgresServer.config().user(),
                        "spring.datasource.password=" + PostgresServer.config().password(),
                        "readmodel.postgres.schema=" + schema,
                        "readmodel.clickhouse.url=", "readmodel.elastic.url=",
                        "readmodel.engine.batch-size=10",
                        "readmodel.engine.poll-interval=50ms",
                        "readmodel.projections.inline-tally.mode=CATCH_UP")
                .run();
    }

    @Test
    void aContextClosedMidCatchUpLosesNothingAndAppliesNothingTwice() throws InterruptedException {
        try (PostgresEventStore events = new PostgresEventStore(PostgresServer.dataSource(), schema)) {
            for (int s = 0; s < STREAMS; s++) {
                events.append("s-" + s, ExpectedVersion.NO_STREAM, TestApp.counted("s-" + s, PER_STREAM));
            }
        }
        int total = STREAMS * PER_STREAM;

        long stoppedAt;
        try (ConfigurableApplicationContext first = start()) {
            ProjectionEngine engine = first.getBean(ProjectionEngine.class);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (engine.status("tally").checkpoint() < 200 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            first.close(); // the engine's lifecycle stops it: the current batch finishes
            stoppedAt = engine.status("tally").checkpoint();
        }
        assertThat(stoppedAt).as("stopped mid catch-up").isBetween(200L, total - 1L);

        try (ConfigurableApplicationContext second = start()) {
            ProjectionEngine engine = second.getBean(ProjectionEngine.class);
            assertThat(engine.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
            Map<String, Long> tally = engine.query("tally", Query.all()).stream()
                    .collect(Collectors.toMap(d -> d.string("stream"), (Document d) -> d.longValue("applied", -1)));
            assertThat(tally).hasSize(STREAMS);
            assertThat(tally.values()).allMatch(applied -> applied == PER_STREAM);
            assertThat(engine.status("tally").checkpoint()).isEqualTo(total);
        }
    }
}
