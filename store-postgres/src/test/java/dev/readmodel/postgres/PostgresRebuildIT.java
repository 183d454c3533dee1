package dev.readmodel.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.engine.RebuildOptions;
import dev.readmodel.core.engine.RebuildResult;
import dev.readmodel.core.error.StoreException;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.query.Query;
import dev.readmodel.testkit.SampleOrders;
import dev.readmodel.testkit.StoreContents;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresRebuildIT {
    private static final List<ReadModel> MODELS = List.of(SampleOrders.ORDERS, SampleOrders.CUSTOMERS);
    private static String schema;
    private static PostgresEventStore events;
    private static PostgresReadModelStore store;

    @BeforeAll
    static void start() {
        schema = PostgresServer.freshSchema();
        events = new PostgresEventStore(PostgresServer.dataSource(), schema);
        store = new PostgresReadModelStore(PostgresServer.dataSource(), schema);
        SampleOrders.appendTo(events, SampleOrders.history(new Random(77), 1500), "");
    }

    @AfterAll
    static void stop() {
        events.close();
    }

    private static ProjectionEngine engine() {
        return ProjectionEngine.builder(events).config(EngineConfig.DEFAULT.withRebuildBatchSize(300)
                        .withPollInterval(Duration.ofMillis(20)))
                .register(SampleOrders.projection("rebuilt-orders"), store, ProjectionMode.PERSISTENT).build();
    }

    private static Map<String, ?> reference() throws Exception {
        InMemoryReadModelStore memory = new InMemoryReadModelStore();
        try (ProjectionEngine engine = ProjectionEngine.builder(events)
                .register(SampleOrders.projection("rebuilt-orders"), memory, ProjectionMode.CATCH_UP).build()) {
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofMinutes(1))).isTrue();
        }
        return StoreContents.of(memory, MODELS);
    }

    private static void corrupt() throws Exception {
        try (Connection connection = PostgresServer.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE " + schema + ".sample_orders SET status = 'corrupt'");
            statement.executeUpdate("DELETE FROM " + schema + ".sample_customers WHERE customer_id < 'c-2'");
        }
    }

    @Test
    void truncateAndReplayRestoresTheReadModels() throws Exception {
        try (ProjectionEngine engine = engine()) {
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofMinutes(1))).isTrue();
            corrupt();
            RebuildResult result = engine.rebuild("rebuilt-orders", RebuildOptions.TRUNCATE);
            assertThat(result.cancelled()).isFalse();
            assertThat(result.checkpoint()).isEqualTo(events.head().position());
            assertThat(StoreContents.of(store, MODELS)).isEqualTo(reference());
        }
    }

    @Test
    void aRebuildRecreatesTablesWhoseProjectionGainedAField() throws Exception {
        ReadModel v1 = ReadModel.named("evolving").key("order_id").field("status", FieldType.KEYWORD).build();
        ReadModel v2 = ReadModel.named("evolving").key("order_id").field("status", FieldType.KEYWORD)
                .field("items", FieldType.LONG).build();
        store.prepare(List.of(v1));
        Projection changed = Projection.named("evolving")
                .on("order.item_added", SampleOrders.ItemAdded.class, v2, SampleOrders.ItemAdded::orderId,
                        (order, e) -> (order == null ? Document.of("status", "open") : order).plus("items", 1))
                .build();
        try (ProjectionEngine engine = ProjectionEngine.builder(events)
                .register(changed, store, ProjectionMode.PERSISTENT).build()) {
            assertThatThrownBy(engine::start).isInstanceOf(StoreException.class)
                    .hasMessageContaining("evolving").hasMessageContaining("items").hasMessageContaining("rebuild");
            engine.rebuild("evolving", RebuildOptions.TRUNCATE);
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofMinutes(1))).isTrue();
            assertThat(engine.aggregate("evolving", dev.readmodel.core.query.Aggregation.builder().sum("items", "items").build())
                    .get(0).longValue("items", 0)).isEqualTo(SampleOrders.history(new Random(77), 1500).stream()
                    .filter(a -> a.event().type().equals("order.item_added")).count());
        }
    }

    @Test
    void zeroDowntimeRebuildKeepsAnsweringQueriesThenSwapsInAtOnce() throws Exception {
        try (ProjectionEngine engine = engine()) {
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofMinutes(1))).isTrue();
            corrupt();
            int orders = engine.query(SampleOrders.ORDERS.name(), Query.builder().limit(Query.MAX_LIMIT).build()).size();
            AtomicBoolean rebuilding = new AtomicBoolean(true);
            List<Integer> counts = new CopyOnWriteArrayList<>();
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> {
                while (rebuilding.get()) {
                    try {
                        counts.add(engine.query(SampleOrders.ORDERS.name(), Query.builder().limit(Query.MAX_LIMIT).build()).size());
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                }
            });
            reader.start();
            List<Long> progress = new CopyOnWriteArrayList<>();
            RebuildResult result = engine.rebuild("rebuilt-orders",
                    RebuildOptions.ZERO_DOWNTIME.withListener(p -> progress.add(p.position())));
            rebuilding.set(false);
            reader.join();

            assertThat(result.cancelled()).isFalse();
            assertThat(failures).as("queries never fail during the rebuild").isEmpty();
            assertThat(counts).as("queries kept answering").hasSizeGreaterThan(5).allMatch(n -> n == orders);
            assertThat(progress).hasSizeGreaterThan(3).isSorted();
            assertThat(StoreContents.of(store, MODELS)).isEqualTo(reference());
            assertThat(store.checkpoint("rebuilt-orders")).isEqualTo(events.head().position());
        }
    }
}
