package dev.readmodel.core.engine;

import static dev.readmodel.core.engine.TestDomain.ORDERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.error.ProjectionFailedException;
import dev.readmodel.core.error.WrongExpectedVersionException;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.query.Query;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class InlineModeTest {
    private final InMemoryEventStore events = new InMemoryEventStore();
    private final InMemoryReadModelStore store = new InMemoryReadModelStore();

    @Test
    void aReadRightAfterTheAppendSeesTheInlineProjection() {
        try (ProjectionEngine engine = ProjectionEngine.builder(events)
                .register(TestDomain.orders(), store, ProjectionMode.INLINE).build()) {
            engine.start();
            engine.append("o-1", ExpectedVersion.NO_STREAM, List.of(
                    NewEvent.of("order.created", new TestDomain.OrderCreated("o-1", "c-1")),
                    NewEvent.of("order.item_added", new TestDomain.ItemAdded("o-1", new BigDecimal("3.00")))));
            List<Document> orders = engine.query("orders", Query.all());
            assertThat(orders).hasSize(1);
            assertThat(orders.get(0).decimal("total", null)).isEqualByComparingTo("3.00");
            assertThat(store.checkpoint("orders")).isEqualTo(2);
        }
    }

    @Test
    void inlineProjectionsCatchUpOnHistoryAndOnEventsAppendedAroundTheEngine() {
        events.append("o-1", ExpectedVersion.NO_STREAM,
                List.of(NewEvent.of("order.created", new TestDomain.OrderCreated("o-1", "c-1"))));
        try (ProjectionEngine engine = ProjectionEngine.builder(events)
                .register(TestDomain.orders(), store, ProjectionMode.INLINE).build()) {
            engine.start();
            assertThat(engine.query("orders", Query.all())).hasSize(1);
            events.append("o-2", ExpectedVersion.NO_STREAM,
                    List.of(NewEvent.of("order.created", new TestDomain.OrderCreated("o-2", "c-1"))));
            engine.append("o-3", ExpectedVersion.NO_STREAM,
                    List.of(NewEvent.of("order.created", new TestDomain.OrderCreated("o-3", "c-1"))));
            assertThat(engine.query("orders", Query.all())).extracting(d -> d.string("order_id"))
                    .containsExactly("o-1", "o-2", "o-3");
        }
    }

    @Test
    void aFailingInlineHandlerAbortsTheAppendSoEventsAndReadModelStayTogether() {
        Projection failing = Projection.named("orders").readModel(ORDERS)
                .on("order.created", TestDomain.OrderCreated.class, ORDERS, TestDomain.OrderCreated::orderId,
                        (current, e) -> {
                            if (e.customerId().isEmpty()) {
                                throw new IllegalArgumentException("order without customer");
                            }
                            return Document.of("customer_id", e.customerId());
                        })
                .build();
        try (ProjectionEngine engine = ProjectionEngine.builder(events)
                .register(failing, store, ProjectionMode.INLINE).build()) {
            engine.start();
            assertThatThrownBy(() -> engine.append("o-1", ExpectedVersion.NO_STREAM, List.of(
                    NewEvent.of("order.created", new TestDomain.OrderCreated("o-1", "")))))
                    .isInstanceOf(ProjectionFailedException.class)
                    .hasMessageContaining("[orders]").hasMessageContaining("order without customer");
            assertThat(events.size()).isZero();
            assertThat(engine.query("orders", Query.all())).isEmpty();
            engine.append("o-1", ExpectedVersion.NO_STREAM, List.of(
                    NewEvent.of("order.created", new TestDomain.OrderCreated("o-1", "c")))) ;
            assertThat(events.size()).isEqualTo(1);
        }
    }

    @Test
    void concurrencyConflictsReachTheCallerAndWriteNothing() {
        try (ProjectionEngine engine = ProjectionEngine.builder(events)
                .register(TestDomain.orders(), store, ProjectionMode.INLINE).build()) {
            engine.start();
            engine.append("o-1", ExpectedVersion.NO_STREAM,
                    List.of(NewEvent.of("order.created", new TestDomain.OrderCreated("o-1", "c-1"))));
            assertThatThrownBy(() -> engine.append("o-1", ExpectedVersion.NO_STREAM,
                    List.of(NewEvent.of("order.created", new TestDomain.OrderCreated("o-1", "c-2")))))
                    .isInstanceOf(WrongExpectedVersionException.class).hasMessageContaining("[o-1]");
            assertThat(engine.query("orders", Query.all()).get(0).string("customer_id")).isEqualTo("c-1");
        }
    }
}
