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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The projection the consumer tests run: one document per stream counting its events, in which a version
 * that does not follow the last one (an event lost or applied twice) marks the stream broken.
 */
final class StreamTally {
    static final ReadModel TALLY = ReadModel.named("stream_tally").key("stream_id")
            .field("events", FieldType.LONG).field("last_version", FieldType.LONG).field("broken", FieldType.LONG)
            .build();

    private StreamTally() {
    }

    static Projection projection() {
        return Projection.named("tally").readModel(TALLY).on("*", JsonNode.class, (data, ctx) -> {
            long version = ctx.event().streamVersion();
            Document doc = ctx.get(TALLY, ctx.event().streamId()).orElse(Document.of("events", 0L, "last_version", 0L,
                    "broken", 0L));
            long broken = doc.longValue("last_version", 0) + 1 == version ? 0 : 1;
            ctx.put(TALLY, ctx.event().streamId(), doc.plus("events", 1).with("last_version", version)
                    .plus("broken", broken));
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
        return StoreContents.of(reference, List.of(TALLY));
    }

    /** Appends {@code count} events to random streams among {@code streams}, in appends of 1 to 4. */
    static void append(PostgresEventStore events, Random random, int streams, int count) {
        for (int i = 0; i < count; ) {
            String stream = "s-" + random.nextInt(streams);
            int n = 1 + random.nextInt(4);
            List<NewEvent> batch = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                batch.add(NewEvent.of("thing.counted", Map.of("k", k)));
            }
            events.append(stream, ExpectedVersion.ANY, batch);
            i += n;
        }
    }
}
