package dev.readmodel.core.engine;

import dev.readmodel.core.event.EventStore;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.FailurePolicy;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.upcast.EventShape;
import dev.readmodel.core.upcast.Upcasters;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Orders whose {@code order.created} went through three versions (v1 {orderId, customer}, v2 adds
 * currency, v3 renames customer to customerId), whose first type name was {@code order.placed}, and whose
 * {@code order.placed_with_item} is now an {@code order.created} and an {@code order.item_added}.
 */
final class UpcastDomain {
    static final ReadModel ORDERS = ReadModel.named("upcast_orders")
            .key("order_id")
            .field("customer_id", FieldType.KEYWORD)
            .field("currency", FieldType.KEYWORD)
            .field("total", FieldType.DECIMAL)
            .field("items", FieldType.LONG)
            .build();

    /** The current shape of order.created. */
    record OrderCreated(String orderId, String customerId, String currency) {
    }

    record ItemAdded(String orderId, BigDecimal price) {
    }

    static final Upcasters UPCASTERS = Upcasters.builder()
            .rename("order.placed", "order.created")
            .addField("order.created", 1, "currency", "EUR")
            .renameField("order.created", 2, "customer", "customerId")
            .split("order.placed_with_item", 1, List.of("order.created", "order.item_added"), data -> List.of(
                    EventShape.of("order.created", 1, data.deepCopy().retain("orderId", "customer")),
                    EventShape.of("order.item_added", 1, data.deepCopy().retain("orderId", "price"))))
            .build();

    private UpcastDomain() {
    }

    static Projection orders(FailurePolicy policy) {
        return Projection.named("upcast-orders").readModel(ORDERS).onFailure(policy)
                .on("order.created", OrderCreated.class, ORDERS, OrderCreated::orderId, (order, e) -> Document.of(
                        "customer_id", e.customerId(), "currency", e.currency(), "total", BigDecimal.ZERO, "items", 0L))
                .on("order.item_added", ItemAdded.class, ORDERS, ItemAdded::orderId,
                        (order, e) -> order.plus("total", e.price()).plus("items", 1))
                .build();
    }

    static Projection orders() {
        return orders(FailurePolicy.DEFAULT);
    }

    /** Seven stored events of every old shape, one of them a split. */
    static List<NewEvent> legacyHistory() {
        return List.of(
                event("order.placed", 0, Map.of("orderId", "o-1", "customer", "c-1")),
                event("order.item_added", 0, Map.of("orderId", "o-1", "price", new BigDecimal("2.50"))),
                event("order.created", 2, Map.of("orderId", "o-2", "customer", "c-2", "currency", "USD")),
                event("order.created", 3, Map.of("orderId", "o-3", "customerId", "c-3", "currency", "GBP")),
                event("order.placed_with_item", 1, Map.of("orderId", "o-4", "customer", "c-4",
                        "price", new BigDecimal("1.25"))),
                event("order.item_added", 0, Map.of("orderId", "o-4", "price", new BigDecimal("3"))),
                event("order.created", 1, Map.of("orderId", "o-5", "customer", "c-5")));
    }

    /** What {@link #legacyHistory()} means, each event in the newest shape. */
    static final List<String> EXPECTED = List.of("o-1 c-1 EUR 2.5 1", "o-2 c-2 USD 0 0", "o-3 c-3 GBP 0 0",
            "o-4 c-4 EUR 4.25 2", "o-5 c-5 EUR 0 0");

    static NewEvent event(String type, int version, Map<String, ?> data) {
        NewEvent event = NewEvent.of(type, data);
        if (version == 0) {
            return event;
        }
        ObjectNode metadata = ((ObjectNode) event.metadata()).put(Upcasters.VERSION_KEY, version);
        return event.withMetadata(metadata);
    }

    static void appendOneStreamEach(EventStore events, List<NewEvent> history) {
        for (int i = 0; i < history.size(); i++) {
            events.append("s-" + i, ExpectedVersion.NO_STREAM, List.of(history.get(i)));
        }
    }

    /** The read model as comparable lines: id, customer, currency, total, items. */
    static List<String> summary(List<Document> documents) {
        return documents.stream().map(d -> d.string("order_id") + " " + d.string("customer_id") + " "
                + d.string("currency") + " " + d.decimal("total", null).stripTrailingZeros().toPlainString() + " "
                + d.longValue("items", -1)).sorted().toList();
    }
}
