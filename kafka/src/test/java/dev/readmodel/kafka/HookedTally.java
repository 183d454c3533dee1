package dev.readmodel.kafka;

import static dev.readmodel.kafka.StreamTally.TALLY;

import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.projection.FailurePolicy;
import dev.readmodel.core.projection.Projection;
import com.fasterxml.jackson.databind.JsonNode;

/** {@link StreamTally}'s projection with a hook run before each event: one that blocks or throws. */
final class HookedTally {
    /** Runs before the tally handles {@code event}; it may block or throw. */
    interface Hook {
        void before(EventEnvelope event) throws Exception;
    }

    private HookedTally() {
    }

    static Projection projection(FailurePolicy policy, Hook hook) {
        return Projection.named("tally").readModel(TALLY).onFailure(policy).on("*", JsonNode.class, (data, ctx) -> {
            hook.before(ctx.event());
            long version = ctx.event().streamVersion();
            Document doc = ctx.get(TALLY, ctx.event().streamId()).orElse(Document.of("events", 0L, "last_version", 0L,
                    "broken", 0L));
            long broken = doc.longValue("last_version", 0) + 1 == version ? 0 : 1;
            ctx.put(TALLY, ctx.event().streamId(), doc.plus("events", 1).with("last_version", version)
                    .plus("broken", broken));
        }).build();
    }
}
