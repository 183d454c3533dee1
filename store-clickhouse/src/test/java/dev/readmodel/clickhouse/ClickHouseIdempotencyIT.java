package dev.readmodel.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.Checkpoint;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.query.Aggregation;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.core.status.ProjectionState;
import dev.readmodel.testkit.SampleOrders;
import dev.readmodel.testkit.StoreContents;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * At-least-once delivery gives exactly-once totals: the same events applied again, or a crash between
 * the insert and the checkpoint, leave every row and every total equal to one clean replay.
 */
class ClickHouseIdempotencyIT {
    private static final List<ReadModel> MODELS = List.of(SampleOrders.ORDERS, SampleOrders.CUSTOMERS);
    private static final InMemoryEventStore EVENTS = new InMemoryEventStore();
    private static ClickHouseReadModelStore store;
    private static Map<String, List<Document>> reference;

    @BeforeAll
    static void start() throws Exception {
        store = new ClickHouseReadModelStore(ClickHouseServer.freshDatabase());
        SampleOrders.appendTo(EVENTS, SampleOrders.history(new Random(99), 1_200), "");
        InMemoryReadModelStore memory = new InMemoryReadModelStore();
        run(memory, "orders", 500);
        reference = StoreContents.of(memory, MODELS);
    }

    @AfterAll
    static void stop() {
        if (store != null) { // null when the server was missing and the class was skipped
            store.close();
        }
    }

    private static ProjectionEngine run(ReadModelStore target, String name, int batchSize) throws Exception {
        ProjectionEngine engine = ProjectionEngine.builder(EVENTS)
                .config(EngineConfig.DEFAULT.withBatchSize(batchSize).withPollInterval(Duration.ofMillis(10))
                        .withRetryDelays(Duration.ofMillis(1), Duration.ofMillis(5)))
                .register(SampleOrders.projection(name), target, ProjectionMode.CATCH_UP).build();
        engine.start();
        engine.awaitCaughtUp(Duration.ofMinutes(2));
        engine.close();
        return engine;
    }

    private static List<Document> totals() {
        return store.aggregate(SampleOrders.CUSTOMERS, Aggregation.builder().count("customers").sum("orders", "orders")
                .sum("shipped", "shipped").sum("spent", "spent").build());
    }

    @Test
    void applyingEveryEventAgainChangesNoRowAndNoTotal() throws Exception {
        store.truncate("twice", MODELS);
        run(store, "twice", 300);
        assertThat(StoreContents.of(store, MODELS)).isEqualTo(reference);
        List<Document> before = totals();

        store.checkpoints().store(new Checkpoint("twice", 0)); // deliver everything a second time
        run(store, "twice", 170);
        assertThat(store.checkpoint("twice")).isEqualTo(EVENTS.size());
        assertThat(StoreContents.of(store, MODELS)).isEqualTo(reference);
        assertThat(totals()).isEqualTo(before);
    }

    @Test
    void crashesBetweenInsertAndCheckpointLeaveTotalsOfACleanReplay() throws Exception {
        store.truncate("crashing", MODELS);
        CrashBetweenInsertAndCheckpoint crashing = new CrashBetweenInsertAndCheckpoint(store, new Random(3), 0.3);
        int restarts = 0;
        while (true) {
            ProjectionEngine engine = run(crashing, "crashing", 50 + restarts % 7 * 20);
            if (engine.status("crashing").state() != ProjectionState.FAULTED && store.checkpoint("crashing") == EVENTS.size()) {
                break;
            }
            restarts++;
            assertThat(restarts).isLessThan(500);
        }
        assertThat(crashing.crashes()).as("crashes injected between insert and checkpoint").isGreaterThan(3);
        assertThat(StoreContents.of(store, MODELS)).isEqualTo(reference);
    }
}
