package dev.readmodel.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.engine.RebuildOptions;
import dev.readmodel.core.engine.RebuildResult;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.query.Aggregation;
import dev.readmodel.testkit.SampleOrders;
import dev.readmodel.testkit.StoreContents;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClickHouseRebuildIT {
    private static final List<ReadModel> MODELS = List.of(SampleOrders.ORDERS, SampleOrders.CUSTOMERS);
    private static final InMemoryEventStore EVENTS = new InMemoryEventStore();
    private static ClickHouseReadModelStore store;

    @BeforeAll
    static void start() {
        store = new ClickHouseReadModelStore(ClickHouseServer.freshDatabase());
        SampleOrders.appendTo(EVENTS, SampleOrders.history(new Random(5), 2_000), "");
    }

    @AfterAll
    static void stop() {
        if (store != null) { // null when the server was missing and the class was skipped
            store.close();
        }
    }

    private static ProjectionEngine engine() {
        return ProjectionEngine.builder(EVENTS).config(EngineConfig.DEFAULT.withRebuildBatchSize(700)
                        .withPollInterval(Duration.ofMillis(10)))
                .register(SampleOrders.projection("rebuilt"), store, ProjectionMode.PERSISTENT).build();
    }

    private static Object reference() throws Exception {
        InMemoryReadModelStore memory = new InMemoryReadModelStore();
        try (ProjectionEngine engine = ProjectionEngine.builder(EVENTS)
                .register(SampleOrders.projection("rebuilt"), memory, ProjectionMode.CATCH_UP).build()) {
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofMinutes(1))).isTrue();
        }
        return StoreContents.of(memory, MODELS);
    }

    private static List<Document> totals(ProjectionEngine engine) {
        return engine.aggregate(SampleOrders.ORDERS.name(), Aggregation.builder().groupBy("status").count("orders")
                .sum("total", "total").build());
    }

    @Test
    void truncateAndReplayAndZeroDowntimeBothEndInTheStateOfACleanReplay() throws Exception {
        try (ProjectionEngine engine = engine()) {
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofMinutes(1))).isTrue();
            List<Document> before = totals(engine);

            RebuildResult truncated = engine.rebuild("rebuilt", RebuildOptions.TRUNCATE);
            assertThat(truncated.checkpoint()).isEqualTo(EVENTS.size());
            assertThat(StoreContents.of(store, MODELS)).isEqualTo(reference());

            AtomicBoolean rebuilding = new AtomicBoolean(true);
            List<List<Document>> seen = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> {
                while (rebuilding.get()) {
                    seen.add(totals(engine));
                }
            });
            reader.start();
            RebuildResult shadow = engine.rebuild("rebuilt", RebuildOptions.ZERO_DOWNTIME);
            rebuilding.set(false);
            reader.join();
            assertThat(shadow.cancelled()).isFalse();
            assertThat(seen).as("aggregations answered throughout, always the full totals").hasSizeGreaterThan(3)
                    .allMatch(before::equals);
            assertThat(StoreContents.of(store, MODELS)).isEqualTo(reference());
            assertThat(store.checkpoint("rebuilt")).isEqualTo(EVENTS.size());
        }
    }
}
