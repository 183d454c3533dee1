package dev.readmodel.reliability;

import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.FailurePolicy;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.core.spi.StoredDocument;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Counts, per stream, the events a projection applied: after recovery every stream's count must equal its
 * version. A count below it is an event lost; above it, an event applied twice.
 */
final class Tally {
    static final ReadModel STREAMS = ReadModel.named("tally_streams").key("stream_id")
            .field("applied", FieldType.LONG).field("last_version", FieldType.LONG).build();

    /** The event type the poisonable tally fails on. */
    static final String POISON = "poison.pill";

    /** Events lost and applied twice, summed over streams. */
    record Count(long lost, long duplicated) {
    }

    private Tally() {
    }

    static Projection projection(String name) {
        return projection(name, FailurePolicy.DEFAULT, () -> true);
    }

    /** The tally, whose handler throws for {@link #POISON} events until {@code fixed} says the bug is fixed. */
    static Projection projection(String name, FailurePolicy policy, BooleanSupplier fixed) {
        return Projection.named(name).readModel(STREAMS)
                .on("*", JsonNode.class, (e, ctx) -> {
                    if (ctx.event().type().equals(POISON) && !fixed.getAsBoolean()) {
                        throw new IllegalStateException("handler bug: cannot count " + POISON + " events");
                    }
                    ctx.update(STREAMS, ctx.event().streamId(), d -> d
                            .plus("applied", 1).with("last_version", ctx.event().streamVersion()));
                })
                .onFailure(policy)
                .build();
    }

    /** Compares each stream's count in {@code store} with its version in {@code versions}. */
    static Count count(ReadModelStore store, Map<String, Long> versions) {
        long lost = 0;
        long duplicated = 0;
        List<String> ids = new ArrayList<>(versions.keySet());
        for (int from = 0; from < ids.size(); from += 1_000) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 1_000));
            Map<String, StoredDocument> stored = store.load(STREAMS, chunk);
            for (String id : chunk) {
                long applied = stored.containsKey(id) ? stored.get(id).document().longValue("applied", 0) : 0;
                long expected = versions.get(id);
                lost += Math.max(0, expected - applied);
                duplicated += Math.max(0, applied - expected);
            }
        }
        return new Count(lost, duplicated);
    }
}
