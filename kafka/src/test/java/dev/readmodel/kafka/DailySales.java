package dev.readmodel.kafka;

import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.event.EventSource;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.postgres.PostgresEventStore;
import dev.readmodel.testkit.StoreContents;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A projection keyed by day, not by stream: each document sums the sales of one day over many shops'
 * streams, so on Kafka it must read a topic re-keyed by day. An event lost or applied twice shows in the
 * day's count and amount.
 */
final class DailySales {
    static final ReadModel DAILY = ReadModel.named("daily_sales").key("day").field("sales", FieldType.LONG)
            .field("amount", FieldType.LONG).build();
    static final PartitionKey DAY = new PartitionKey("day", event -> event.data().path("day").asText());

    private DailySales() {
    }

    static Projection projection() {
        return Projection.named("daily").readModel(DAILY).on("sale.made", JsonNode.class, (data, ctx) -> {
            String day = data.path("day").asText();
            Document doc = ctx.get(DAILY, day).orElse(Document.of("sales", 0L, "amount", 0L));
            ctx.put(DAILY, day, doc.plus("sales", 1).plus("amount", data.path("amount").asLong()));
        }).build();
    }

    /** The read model of one clean replay of {@code events}, straight from the event store. */
    static Object cleanReplay(EventSource events) throws Exception {
        InMemoryReadModelStore reference = new InMemoryReadModelStore();
        try (ProjectionEngine engine = ProjectionEngine.builder(events)
                .register(projection(), reference, ProjectionMode.CATCH_UP).build()) {
            engine.start();
            if (!engine.awaitCaughtUp(Duration.ofMinutes(1))) {
                throw new AssertionError("The clean replay did not catch up within a minute");
            }
        }
        return StoreContents.of(reference, List.of(DAILY));
    }

    /** Appends {@code count} sales of random shops among 30 on random days among 9, one sale per append. */
    static void append(PostgresEventStore events, Random random, int count) {
        for (int i = 0; i < count; i++) {
            events.append("shop-" + random.nextInt(30), ExpectedVersion.ANY, List.of(NewEvent.of("sale.made",
                    Map.of("day", "2026-12-0" + (1 + random.nextInt(9)), "amount", 1 + random.nextInt(9)))));
        }
    }
}
