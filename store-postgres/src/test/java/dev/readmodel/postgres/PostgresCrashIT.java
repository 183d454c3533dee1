package dev.readmodel.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.testkit.SampleOrders;
import dev.readmodel.testkit.StoreContents;
import dev.readmodel.testkit.internal.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once across crashes: the engine runs as a separate process and is killed with SIGKILL at
 * random moments, mid-batch or between batches, at least 20 times while it has work to do; after it
 * finally catches up, the PostgreSQL read models equal one clean replay.
 */
class PostgresCrashIT {
    private static final int KILLS = 20;
    private static final List<ReadModel> MODELS = List.of(SampleOrders.ORDERS, SampleOrders.CUSTOMERS);

    private static String schema;
    private static PostgresEventStore events;
    private static PostgresReadModelStore store;

    @BeforeAll
    static void start() {
        schema = PostgresServer.freshSchema();
        events = new PostgresEventStore(PostgresServer.dataSource(), schema);
        store = new PostgresReadModelStore(PostgresServer.dataSource(), schema);
    }

    @AfterAll
    static void stop() {
        events.close();
    }

    @Test
    void killedAtRandomMomentsTheEngineEndsInTheStateOfOneCleanReplay() throws Exception {
        Random random = new Random(5150);
        Path log = Files.createTempFile("postgres-crash-worker", ".log");
        int chunk = 0;
        appendHistory(random, chunk++);
        int midRunKills = 0;
        int launches = 0;
        while (midRunKills < KILLS) {
            long head = events.head().position();
            if (store.checkpoint("crash-orders") >= head) {
                appendHistory(random, chunk++); // caught up: give it more work to be killed in
                continue;
            }
            Process worker = ChildJvm.launch(PostgresCrashWorker.class, args(5 + random.nextInt(100)), log);
            launches++;
            Thread.sleep(400 + random.nextInt(1200));
            boolean exitedByItself = !worker.isAlive();
            worker.destroyForcibly();
            assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
            long checkpoint = store.checkpoint("crash-orders");
            if (!exitedByItself && checkpoint < events.head().position()) {
                midRunKills++;
            }
        }
        Process last = ChildJvm.launch(PostgresCrashWorker.class, args(50), log);
        assertThat(last.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(last.exitValue()).as("final run catches up; log in %s", log).isZero();

        assertThat(store.checkpoint("crash-orders")).isEqualTo(events.head().position());
        assertThat(StoreContents.of(store, MODELS)).isEqualTo(cleanReplay());
        assertThat(launches).isGreaterThanOrEqualTo(KILLS);
    }

    private static List<String> args(int batchSize) {
        PostgresConfig config = PostgresServer.config();
        return List.of(config.jdbcUrl(), config.user(), config.password(), schema, Integer.toString(batchSize));
    }

    private static void appendHistory(Random random, int chunk) {
        SampleOrders.appendTo(events, SampleOrders.history(random, 600), "-" + chunk);
    }

    private static Object cleanReplay() throws Exception {
        InMemoryReadModelStore reference = new InMemoryReadModelStore();
        try (ProjectionEngine engine = ProjectionEngine.builder(events)
                .register(SampleOrders.projection("crash-orders"), reference, ProjectionMode.CATCH_UP).build()) {
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofMinutes(2))).isTrue();
        }
        return StoreContents.of(reference, MODELS);
    }
}
