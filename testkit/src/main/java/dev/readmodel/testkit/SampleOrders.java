package dev.readmodel.testkit;

import dev.readmodel.core.event.EventStore;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.event.StreamAppend;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.Projection;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A small order domain whose read models change if any event is skipped or applied twice: the
 * contract suites project random histories of it into a store and compare with the in-memory result.
 */
public final class SampleOrders {
    /** One document per order. */
    public static final ReadModel ORDERS = ReadModel.named("sample_orders")
            .key("order_id")
            .field("customer_id", FieldType.KEYWORD)
            .field("status", FieldType.KEYWORD)
            .field("total", FieldType.DECIMAL)
            .field("items", FieldType.LONG)
            .field("created_at", FieldType.TIMESTAMP)
            .build();
    /** One document per customer, counting their orders: many events onto few documents. */
    public static final ReadModel CUSTOMERS = ReadModel.named("sample_customers")
            .key("customer_id")
            .field("orders", FieldType.LONG)
            .field("shipped", FieldType.LONG)
            .field("spent", FieldType.DECIMAL)
            .build();

    /** {@code order.created}. */
    public record OrderCreated(String orderId, String customerId, Instant createdAt) {
    }

    /** {@code order.item_added}. */
    public record ItemAdded(String orderId, BigDecimal amount) {
    }

    /** {@code order.shipped}. */
    public record OrderShipped(String orderId) {
    }

    /** {@code order.cancelled}. */
    public record OrderCancelled(String orderId) {
    }

    /** An event with the stream it is appended to. */
    public record Append(String stream, NewEvent event) {
    }

    private SampleOrders() {
    }

    /** The projection {@code name} over both read models, with document and general handlers. */
    public static Projection projection(String name) {
        return Projection.named(name)
                .readModel(ORDERS, CUSTOMERS)
                .on("order.created", OrderCreated.class, (e, ctx) -> {
                    ctx.put(ORDERS, e.orderId(), Document.of("customer_id", e.customerId(), "status", "open",
                            "total", BigDecimal.ZERO, "items", 0L, "created_at", e.createdAt()));
                    ctx.update(CUSTOMERS, e.customerId(), c -> c.plus("orders", 1));
                })
                .on("order.item_added", ItemAdded.class, ORDERS, ItemAdded::orderId,
                        (order, e) -> order == null ? null : order.plus("total", e.amount()).plus("items", 1))
                .on("order.shipped", OrderShipped.class, (e, ctx) -> {
                    Document order = ctx.get(ORDERS, e.orderId()).orElseThrow();
                    ctx.put(ORDERS, e.orderId(), order.with("status", "shipped"));
                    ctx.update(CUSTOMERS, order.string("customer_id"),
                            c -> c.plus("shipped", 1).plus("spent", order.decimal("total", BigDecimal.ZERO)));
                })
                .prefetch(ORDERS, OrderShipped::orderId)
                .onDelete("order.cancelled", OrderCancelled.class, ORDERS, OrderCancelled::orderId)
                .build();
    }

    /**
     * Appends {@code history} to {@code store} in multi-stream transactions of up to 500 events, each
     * stream's events in order; {@code suffix} is added to every stream id (to append one history twice).
     */
    public static void appendTo(EventStore store, List<Append> history, String suffix) {
        List<StreamAppend> batch = new ArrayList<>();
        java.util.Set<String> streams = new java.util.HashSet<>();
        for (Append append : history) {
            String stream = append.stream() + suffix;
            if (!streams.add(stream) || batch.size() == 500) {
                store.appendAll(batch);
                batch.clear();
                streams.clear();
                streams.add(stream);
            }
            batch.add(new StreamAppend(stream, ExpectedVersion.ANY, List.of(append.event())));
        }
        if (!batch.isEmpty()) {
            store.appendAll(batch);
        }
    }

    /** A random, valid history of {@code orders} orders with unrelated {@code noise.ping} events between them. */
    public static List<Append> history(Random random, int orders) {
        List<Append> history = new ArrayList<>();
        List<String> open = new ArrayList<>();
        Map<String, Integer> remaining = new LinkedHashMap<>();
        Instant time = Instant.parse("2024-01-01T00:00:00Z");
        int created = 0;
        while (created < orders || !open.isEmpty()) {
            time = time.plusSeconds(1 + random.nextInt(600));
            int choice = random.nextInt(10);
            if (choice == 0) {
                history.add(new Append("noise-" + random.nextInt(5), NewEvent.of("noise.ping", Map.of("n", choice), time)));
            } else if ((choice < 3 || open.isEmpty()) && created < orders) {
                String id = "o-" + created++;
                open.add(id);
                remaining.put(id, 1 + random.nextInt(6));
                history.add(new Append(id, NewEvent.of("order.created",
                        new OrderCreated(id, "c-" + random.nextInt(Math.max(1, orders / 4)), time), time)));
            } else if (!open.isEmpty()) {
                String id = open.get(random.nextInt(open.size()));
                int left = remaining.merge(id, -1, Integer::sum);
                if (left > 0) {
                    history.add(new Append(id, NewEvent.of("order.item_added",
                            new ItemAdded(id, BigDecimal.valueOf(random.nextInt(10_000), 2)), time)));
                } else {
                    open.remove(id);
                    history.add(new Append(id, random.nextInt(4) == 0
                            ? NewEvent.of("order.cancelled", new OrderCancelled(id), time)
                            : NewEvent.of("order.shipped", new OrderShipped(id), time)));
                }
            }
        }
        return history;
    }
}
