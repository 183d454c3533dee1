package dev.readmodel.core.typed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Query;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TypedProjectionTest {
    private static final EngineConfig FAST = EngineConfig.DEFAULT.withPollInterval(Duration.ofMillis(10))
            .withRetryDelays(Duration.ofMillis(1), Duration.ofMillis(5));

    @ReadModelName("order_summaries")
    record OrderSummary(@Key String orderId, String status, BigDecimal totalAmount, int items) {
    }

    record Tally(String id, long orders) {
    }

    record OrderCreated(String orderId) {
    }

    record ItemAdded(String orderId, BigDecimal price) {
    }

    record OrderCancelled(String orderId) {
    }

    record OrderTouched(String orderId) {
    }

    static final TypedReadModel<OrderSummary> SUMMARIES = ReadModel.of(OrderSummary.class);
    static final TypedReadModel<Tally> TALLIES = ReadModel.of(Tally.class);

    private final InMemoryEventStore events = new InMemoryEventStore();
    private final InMemoryReadModelStore store = new InMemoryReadModelStore();
    private final AtomicInteger touches = new AtomicInteger();

    private Projection projection() {
        return Projection.named("typed-orders")
                .readModel(TALLIES.readModel())
                .on("order.created", OrderCreated.class, SUMMARIES, OrderCreated::orderId,
                        (OrderSummary current, OrderCreated e) -> new OrderSummary(e.orderId(), "pending", BigDecimal.ZERO, 0))
                .on("order.item_added", ItemAdded.class, SUMMARIES, ItemAdded::orderId,
                        (OrderSummary current, ItemAdded e) -> new OrderSummary(current.orderId(), current.status(),
                                current.totalAmount().add(e.price()), current.items() + 1))
                .on("order.cancelled", OrderCancelled.class, SUMMARIES, OrderCancelled::orderId,
                        (OrderSummary current, OrderCancelled e) -> null)
                .on("order.touched", OrderTouched.class, SUMMARIES, OrderTouched::orderId,
                        (OrderSummary current, OrderTouched e) -> {
                            touches.incrementAndGet();
                            return current;
                        })
                .on("tally.bumped", OrderCreated.class, (e, context) -> {
                    Tally tally = context.get(TALLIES, "all").orElse(new Tally("all", 0));
                    context.put(TALLIES, new Tally("all", tally.orders() + 1));
                })
                .build();
    }

    private void append(String stream, String type, Object event) {
        events.append(stream, ExpectedVersion.ANY, List.of(NewEvent.of(type, event)));
    }

    @Test
    void typedHandlersWriteRecordsAndANullResultDeletesTheDocument() throws Exception {
        append("o-1", "order.created", new OrderCreated("o-1"));
        append("o-1", "order.item_added", new ItemAdded("o-1", new BigDecimal("10.25")));
        append("o-1", "order.item_added", new ItemAdded("o-1", new BigDecimal("2.50")));
        append("o-2", "order.created", new OrderCreated("o-2"));
        append("o-3", "order.created", new OrderCreated("o-3"));
        append("o-3", "order.cancelled", new OrderCancelled("o-3"));
        append("o-2", "order.touched", new OrderTouched("o-2"));
        append("o-9", "order.cancelled", new OrderCancelled("o-9"));
        append("t", "tally.bumped", new OrderCreated("o-1"));
        append("t", "tally.bumped", new OrderCreated("o-2"));
        try (ProjectionEngine engine = ProjectionEngine.builder(events).config(FAST)
                .register(projection(), store, ProjectionMode.PERSISTENT).build()) {
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();

            assertThat(engine.findById(SUMMARIES, "o-1"))
                    .contains(new OrderSummary("o-1", "pending", new BigDecimal("12.75"), 2));
            assertThat(engine.findById(SUMMARIES, "o-3")).as("null deletes").isEmpty();
            assertThat(engine.findById(SUMMARIES, "o-9")).as("null on an absent document writes nothing").isEmpty();
            assertThat(engine.findById(SUMMARIES, "o-2")).as("current leaves it")
                    .contains(new OrderSummary("o-2", "pending", BigDecimal.ZERO, 0));
            assertThat(touches).hasValue(1);
            assertThat(engine.query(SUMMARIES, Query.builder().where(Filter.gte("total_amount", 1)).build()))
                    .containsExactly(new OrderSummary("o-1", "pending", new BigDecimal("12.75"), 2));
            assertThat(engine.query(SUMMARIES, Query.builder().orderBy("order_id").build()))
                    .extracting(OrderSummary::orderId).containsExactly("o-1", "o-2");
            assertThat(engine.findById(TALLIES, "all")).as("typed get and put in an event handler")
                    .contains(new Tally("all", 2));
            assertThat(engine.query("order_summaries", Query.all())).as("the plain API sees the same documents")
                    .contains(Document.of("order_id", "o-2", "status", "pending", "total_amount", BigDecimal.ZERO,
                            "items", 0L));
        }
    }

    @Test
    void typedQueriesRefuseARecordThatDeclaresTheReadModelOtherwise() {
        ReadModel other = ReadModel.named("order_summaries").key("order_id").field("status", FieldType.KEYWORD).build();
        Projection plain = Projection.named("plain-orders").readModel(other)
                .on("order.created", OrderCreated.class, other, OrderCreated::orderId,
                        (current, e) -> Document.of("status", "pending"))
                .build();
        try (ProjectionEngine engine = ProjectionEngine.builder(events).config(FAST)
                .register(plain, store, ProjectionMode.PERSISTENT).build()) {
            assertThatThrownBy(() -> engine.query(SUMMARIES, Query.all()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("[order_summaries]").hasMessageContaining("OrderSummary");
        }
    }
}
