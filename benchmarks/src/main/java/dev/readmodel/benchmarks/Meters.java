package dev.readmodel.benchmarks;

import dev.readmodel.core.event.EventStore;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.event.StreamAppend;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.Projection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Meter readings: many events onto few documents, the shape of counters, totals and dashboards. */
final class Meters {
    /** A meters read model called {@code name}: readings, total, last value and time per meter. */
    static ReadModel model(String name) {
        return ReadModel.named(name).key("meter_id").field("readings", FieldType.LONG).field("total", FieldType.LONG)
                .field("last_value", FieldType.LONG).field("last_at", FieldType.TIMESTAMP).build();
    }

    /** {@code meter.read}. */
    record Reading(String meterId, long value, Instant at) {
    }

    private Meters() {
    }

    /** The projection {@code name}, keeping {@code meters} (one of {@link #model}). */
    static Projection projection(String name, ReadModel meters) {
        return Projection.named(name).readModel(meters)
                .on("meter.read", Reading.class, meters, Reading::meterId, (meter, e) -> (meter == null
                        ? Document.of("readings", 1L, "total", e.value()) : meter.plus("readings", 1).plus("total", e.value()))
                        .with("last_value", e.value()).with("last_at", e.at()))
                .build();
    }

    /** Appends {@code events} readings spread over {@code meters} meters, one stream per meter. */
    static long append(EventStore store, long events, int meters) {
        Instant start = Instant.parse("2024-01-01T00:00:00Z");
        List<StreamAppend> appends = new ArrayList<>();
        for (long i = 0; i < events; i++) {
            String meter = "meter-" + (i % meters);
            appends.add(new StreamAppend(meter, ExpectedVersion.ANY, List.of(NewEvent.of("meter.read",
                    new Reading(meter, i % 997, start.plusSeconds(i)), start.plusSeconds(i)))));
            if (appends.size() == 10_000) {
                store.appendAll(appends);
                appends.clear();
            }
        }
        if (!appends.isEmpty()) {
            store.appendAll(appends);
        }
        return events;
    }
}
