package dev.readmodel.testkit;

import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.upcast.EventShape;
import dev.readmodel.core.upcast.Upcasters;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@link UpcastingContract}'s domain: {@code order.created} in three versions (v1 {orderId, customer}, v2
 * adds currency, v3 renames customer to customerId), first named {@code order.placed}; and
 * {@code order.placed_with_item}, now an {@code order.created} and an {@code order.item_added} of the
 * same order.
 */
final class UpcastOrders {
    static final Upcasters UPCASTERS = Upcasters.builder()
            .rename("order.placed", "order.created")
            .addField("order.created", 1, "currency", "EUR")
            .renameField("order.created", 2, "customer", "customerId")
            .split("order.placed_with_item", 1, List.of("order.created", "order.item_added"), data -> List.of(
                    EventShape.of("order.created", 1, data.deepCopy().retain("orderId", "customer")),
                    EventShape.of("order.item_added", 1, data.deepCopy().retain("orderId", "price"))))
            .build();

    /** The current shape of order.created. */
    record OrderCreated(String orderId, String customerId, String currency) {
    }

    record ItemAdded(String orderId, BigDecimal price) {
    }

    /** One order's events in an old shape and in the newest, which mean the same. */
    record Written(List<NewEvent> legacy, List<NewEvent> newest) {
    }

    private UpcastOrders() {
    }

    static ReadModel model(String name) {
        return ReadModel.named(name).key("order_id")
                .field("customer_id", FieldType.KEYWORD)
                .field("currency", FieldType.KEYWORD)
                .field("total", FieldType.DECIMAL)
                .field("items", FieldType.LONG)
                .build();
    }

    static Projection projection(String name, ReadModel model) {
        return Projection.named(name).readModel(model)
                .on("order.created", OrderCreated.class, model, OrderCreated::orderId, (order, e) -> Document.of(
                        "customer_id", e.customerId(), "currency", e.currency(), "total", BigDecimal.ZERO, "items", 0L))
                .on("order.item_added", ItemAdded.class, model, ItemAdded::orderId,
                        (order, e) -> order == null ? null : order.plus("total", e.price()).plus("items", 1))
                .build();
    }

    /**
     * {@code orders} orders, each created in a random one of the five old shapes and given up to three
     * items, in the old shapes and in the newest.
     */
    static List<Written> history(Random random, int orders) {
        List<Written> history = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            String id = "o-" + i;
            String customer = "c-" + random.nextInt(5);
            int shape = random.nextInt(5);
            // the v1 shapes (0, 1 and 4) had no currency: the upcaster's default is what they meant
            String currency = shape == 0 || shape == 1 || shape == 4 ? "EUR" : random.nextBoolean() ? "USD" : "GBP";
            BigDecimal price = BigDecimal.valueOf(random.nextInt(10_000), 2);
            List<NewEvent> legacy = new ArrayList<>();
            List<NewEvent> newest = new ArrayList<>();
            newest.add(created(id, customer, currency));
            switch (shape) {
                case 0 -> legacy.add(event("order.placed", 0, Map.of("orderId", id, "customer", customer)));
                case 1 -> legacy.add(event("order.created", 1, Map.of("orderId", id, "customer", customer)));
                case 2 -> legacy.add(event("order.created", 2, Map.of("orderId", id, "customer", customer,
                        "currency", currency)));
                case 3 -> legacy.add(created(id, customer, currency));
                default -> {
                    legacy.add(event("order.placed_with_item", 1, Map.of("orderId", id, "customer", customer,
                            "price", price)));
                    newest.add(item(id, price));
                }
            }
            for (int item = random.nextInt(4); item > 0; item--) {
                NewEvent added = item(id, BigDecimal.valueOf(random.nextInt(1_000), 2));
                legacy.add(added);
                newest.add(added);
            }
            history.add(new Written(legacy, newest));
        }
        return history;
    }

    private static NewEvent created(String id, String customer, String currency) {
        return event("order.created", 3, Map.of("orderId", id, "customerId", customer, "currency", currency));
    }

    private static NewEvent item(String id, BigDecimal price) {
        return event("order.item_added", 0, Map.of("orderId", id, "price", price));
    }

    static NewEvent event(String type, int version, Map<String, ?> data) {
        NewEvent event = NewEvent.of(type, data);
        return version == 0 ? event : event.withMetadata(((ObjectNode) event.metadata()).put(Upcasters.VERSION_KEY, version));
    }

    /** A model as comparable lines: id, customer, currency, total, items. */
    static List<String> summary(List<Document> documents) {
        return documents.stream().map(d -> d.string("order_id") + " " + d.string("customer_id") + " "
                + d.string("currency") + " " + d.decimal("total", null).stripTrailingZeros().toPlainString() + " "
                + d.longValue("items", -1)).sorted().toList();
    }
}
