package dev.readmodel.core.engine;

import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.FailurePolicy;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.spi.ReadModelStore;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Orders and customers: a projection whose results change if any event is applied twice or skipped. */
final class TestDomain {
    static final ReadModel ORDERS = ReadModel.named("orders")
            .key("order_id")
            .field("customer_id", FieldType.KEYWORD)
            .field("status", FieldType.KEYWORD)
            .field("total", FieldType.DECIMAL)
            .field("items", FieldType.LONG)
            .build();
    static final ReadModel CUSTOMERS = ReadModel.named("customers")
            .key("customer_id")
            .field("orders", FieldType.LONG)
            .field("shipped", FieldType.LONG)
            .build();

    record OrderCreated(String orderId, String customerId) {
    }

    record ItemAdded(String orderId, BigDecimal amount) {
    }

    record OrderShipped(String orderId) {
    }

    record OrderCancelled(String orderId) {
    }

    private TestDomain() {
    }

    static Projection.Builder ordersBuilder(String name) {
        return Projection.named(name)
                .readModel(ORDERS, CUSTOMERS)
                .on("order.created", OrderCreated.class, (e, ctx) -> {
                    ctx.put(ORDERS, e.orderId(), Document.of("customer_id", e.customerId(), "status", "open",
                            "total", BigDecimal.ZERO, "items", 0L));
                    ctx.update(CUSTOMERS, e.customerId(), c -> c.plus("orders", 1));
                })
                .on("order.item_added", ItemAdded.class, ORDERS, ItemAdded::orderId,
                        (order, e) -> order == null ? null : order.plus("total", e.amount()).plus("items", 1))
                .on("order.shipped", OrderShipped.class, (e, ctx) -> {
                    Document order = ctx.get(ORDERS, e.orderId()).orElseThrow();
                    ctx.put(ORDERS, e.orderId(), order.with("status", "shipped"));
                    ctx.update(CUSTOMERS, order.string("customer_id"), c -> c.plus("shipped", 1));
                })
                .onDelete("order.cancelled", OrderCancelled.class, ORDERS, OrderCancelled::orderId);
    }

    static Projection orders() {
        return ordersBuilder("orders").build();
    }

    static Projection orders(FailurePolicy policy) {
        return ordersBuilder("orders").onFailure(policy).build();
    }

    /** One appended event with the stream it belongs to. */
    record Append(String stream, NewEvent event) {
    }

    /** A random but valid history of orders, with unrelated noise events between them. */
    static List<Append> randomHistory(Random random, int orders) {
        List<Append> history = new ArrayList<>();
        List<String> open = new ArrayList<>();
        Map<String, Integer> remaining = new LinkedHashMap<>();
        int created = 0;
        while (created < orders || !open.isEmpty()) {
            int choice = random.nextInt(10);
            if (choice == 0) {
                history.add(new Append("noise-" + random.nextInt(5), NewEvent.of("noise.ping", Map.of("n", choice))));
            } else if ((choice < 3 || open.isEmpty()) && created < orders) {
                String id = "o-" + created++;
                open.add(id);
                remaining.put(id, 1 + random.nextInt(6));
                history.add(new Append(id, NewEvent.of("order.created",
                        new OrderCreated(id, "c-" + random.nextInt(Math.max(1, orders / 4))))));
            } else if (!open.isEmpty()) {
                String id = open.get(random.nextInt(open.size()));
                int left = remaining.merge(id, -1, Integer::sum);
                if (left > 0) {
                    history.add(new Append(id, NewEvent.of("order.item_added",
                            new ItemAdded(id, BigDecimal.valueOf(random.nextInt(10_000), 2)))));
                } else {
                    open.remove(id);
                    history.add(new Append(id, random.nextInt(4) == 0
                            ? NewEvent.of("order.cancelled", new OrderCancelled(id))
                            : NewEvent.of("order.shipped", new OrderShipped(id))));
                }
            }
        }
        return history;
    }

    /** The read models after one clean, crash-free replay of {@code events}. */
    static Map<String, List<Document>> cleanReplay(dev.readmodel.core.memory.InMemoryEventStore events) throws Exception {
        dev.readmodel.core.memory.InMemoryReadModelStore clean = new dev.readmodel.core.memory.InMemoryReadModelStore();
        try (ProjectionEngine engine = ProjectionEngine.builder(events)
                .register(orders(), clean, dev.readmodel.core.projection.ProjectionMode.CATCH_UP).build()) {
            engine.start();
            if (!engine.awaitCaughtUp(java.time.Duration.ofSeconds(10))) {
                throw new AssertionError("clean replay did not catch up: " + engine.status());
            }
        }
        return contents(clean);
    }

    /** Every document of the domain's read models, as a store holds them. */
    static Map<String, List<Document>> contents(ReadModelStore store) {
        Map<String, List<Document>> contents = new LinkedHashMap<>();
        for (ReadModel model : List.of(ORDERS, CUSTOMERS)) {
            List<Document> all = new ArrayList<>();
            // after the last key rather than by offset: offsets end at Query.MAX_WINDOW
            for (String last = null; ; last = all.get(all.size() - 1).string(model.keyField())) {
                Query.Builder page = Query.builder().orderBy(model.keyField()).limit(Query.MAX_LIMIT);
                if (last != null) {
                    page.where(dev.readmodel.core.query.Filter.gt(model.keyField(), last));
                }
                List<Document> documents = store.query(model, page.build());
                all.addAll(documents);
                if (documents.size() < Query.MAX_LIMIT) {
                    break;
                }
            }
            contents.put(model.name(), all);
        }
        return contents;
    }
}
