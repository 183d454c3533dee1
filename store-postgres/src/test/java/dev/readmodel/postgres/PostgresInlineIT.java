package dev.readmodel.postgres;

import static dev.readmodel.testkit.SampleOrders.CUSTOMERS;
import static dev.readmodel.testkit.SampleOrders.ORDERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.error.ProjectionFailedException;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.query.Query;
import dev.readmodel.testkit.SampleOrders;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Inline projections commit in the append's own PostgreSQL transaction: both or neither. */
class PostgresInlineIT {
    private static final Instant T = Instant.parse("2024-03-01T10:00:00Z");
    private static PostgresEventStore events;
    private static PostgresReadModelStore store;

    @BeforeAll
    static void start() {
        String schema = PostgresServer.freshSchema();
        events = new PostgresEventStore(PostgresServer.dataSource(), schema);
        store = new PostgresReadModelStore(PostgresServer.dataSource(), schema);
    }

    @AfterAll
    static void stop() {
        events.close();
    }

    @Test
    void aReadRightAfterTheAppendSeesItAndAFailingHandlerRollsTheAppendBack() {
        try (ProjectionEngine engine = ProjectionEngine.builder(events)
                .register(SampleOrders.projection("inline-orders"), store, ProjectionMode.INLINE).build()) {
            engine.start();
            var appended = engine.append("o-1", ExpectedVersion.NO_STREAM, List.of(
                    NewEvent.of("order.created", new SampleOrders.OrderCreated("o-1", "c-1", T)),
                    NewEvent.of("order.item_added", new SampleOrders.ItemAdded("o-1", new BigDecimal("7.25")))));
            Document order = engine.query(ORDERS.name(), Query.all()).get(0);
            assertThat(order.decimal("total", null)).isEqualByComparingTo("7.25");
            assertThat(store.checkpoint("inline-orders")).isEqualTo(appended.lastPosition());

            // shipping an order that does not exist makes the handler throw: the events must not be stored
            assertThatThrownBy(() -> engine.append("o-404", ExpectedVersion.NO_STREAM, List.of(
                    NewEvent.of("order.shipped", new SampleOrders.OrderShipped("o-404")))))
                    .isInstanceOf(ProjectionFailedException.class).hasMessageContaining("[inline-orders]");
            assertThat(events.readStream("o-404")).isEmpty();
            assertThat(store.checkpoint("inline-orders")).isEqualTo(appended.lastPosition());

            engine.append("o-1", ExpectedVersion.exactly(2), List.of(
                    NewEvent.of("order.shipped", new SampleOrders.OrderShipped("o-1"))));
            assertThat(engine.query(ORDERS.name(), Query.all()).get(0).string("status")).isEqualTo("shipped");
            assertThat(engine.query(CUSTOMERS.name(), Query.all()).get(0).decimal("spent", null)).isEqualByComparingTo("7.25");
            assertThat(events.readStream("o-1")).hasSize(3);
        }
    }
}
