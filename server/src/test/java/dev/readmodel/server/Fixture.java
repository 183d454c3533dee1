package dev.readmodel.server;

import dev.readmodel.core.event.EventStore;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.FailurePolicy;
import dev.readmodel.core.projection.Projection;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/** The orders every query-server test serves: 120 orders over 7 customers, with a poison event parked as a dead letter. */
final class Fixture {
    static final ReadModel ORDERS = ReadModel.named("orders").key("order_id")
            .field("customer", FieldType.KEYWORD).field("status", FieldType.KEYWORD)
            .field("total", FieldType.DECIMAL).field("items", FieldType.LONG).field("note", FieldType.TEXT)
            .field("placed_at", FieldType.TIMESTAMP).build();
    static final ReadModel AUDIT = ReadModel.named("audit_counts").key("type").field("seen", FieldType.LONG).build();
    static final ReadModel SECRETS = ReadModel.named("secrets").key("id").field("value", FieldType.KEYWORD).build();
    static final int ORDER_COUNT = 120;
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    /** Set to let the audit projection apply the poison event on a replay. */
    static final AtomicBoolean POISON_FIXED = new AtomicBoolean();
    static final String[] WORDS = {"red", "blue", "quick", "parcel", "gift", "fragile", "express", "urgent"};

    record Placed(String orderId, String customer, BigDecimal total, long items, String note, Instant at) {
    }

    record Paid(String orderId) {
    }

    record Secret(String id, String value) {
    }

    private Fixture() {
    }

    static Projection orders() {
        return Projection.named("orders").readModel(ORDERS)
                .on("order.placed", Placed.class, ORDERS, Placed::orderId, (o, e) -> Document.of("customer", e.customer(),
                        "status", "placed", "total", e.total(), "items", e.items(), "note", e.note(), "placed_at", e.at()))
                .on("order.paid", Paid.class, ORDERS, Paid::orderId, (o, e) -> o == null ? null : o.with("status", "paid"))
                .build();
    }

    static Projection audit() {
        return Projection.named("audit").readModel(AUDIT).onFailure(FailurePolicy.deadLetter(0))
                .on("order.*", com.fasterxml.jackson.databind.JsonNode.class, (e, ctx) -> { })
                .on("audit.poison", com.fasterxml.jackson.databind.JsonNode.class, AUDIT, e -> "poison", (d, e) -> {
                    if (!POISON_FIXED.get()) {
                        throw new IllegalStateException("poison event refused until fixed");
                    }
                    return d == null ? Document.of("seen", 1L) : d.plus("seen", 1);
                })
                .build();
    }

    static Projection secrets() {
        return Projection.named("secrets").readModel(SECRETS)
                .on("secret.set", Secret.class, SECRETS, Secret::id, (d, e) -> Document.of("value", e.value())).build();
    }

    /** Appends the history: each order its own stream {@code order-<id>}. */
    static void load(EventStore events) {
        Random random = new Random(7);
        for (int i = 0; i < ORDER_COUNT; i++) {
            String id = String.format("o%03d", i);
            List<NewEvent> stream = new ArrayList<>();
            String note = WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)];
            stream.add(NewEvent.of("order.placed", new Placed(id, "c" + (i % 7), BigDecimal.valueOf(random.nextInt(20_000), 2),
                    1 + random.nextInt(9), note, START.plusSeconds(3600L * i))));
            if (i % 3 != 0) {
                stream.add(NewEvent.of("order.paid", new Paid(id)));
            }
            events.append("order-" + id, ExpectedVersion.NO_STREAM, stream);
        }
        events.append("secret-1", ExpectedVersion.ANY, List.of(NewEvent.of("secret.set", new Secret("s1", "hunter2"))));
        events.append("audit-1", ExpectedVersion.ANY, List.of(NewEvent.of("audit.poison", java.util.Map.of("x", 1))));
    }
}
