package dev.readmodel.server.internal;

import dev.readmodel.core.engine.ProjectionEngine;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * The projections' status for the operations feed: the JSON of the status endpoint, and whether it changed
 * since last asked, not counting the heartbeat and the lag in time, which move on their own. Thread-safe.
 */
final class FeedStatus {
    private final ProjectionEngine engine;
    private String last;

    FeedStatus(ProjectionEngine engine) {
        this.engine = engine;
    }

    /** The status now, as a message. */
    FeedMessage current() {
        return FeedMessage.status(read());
    }

    /** The status now, when it changed since the last call. */
    synchronized Optional<FeedMessage> changed() {
        ObjectNode now = read();
        ObjectNode compared = now.deepCopy();
        compared.get("projections").forEach(p -> ((ObjectNode) p).remove(List.of("heartbeat", "lagMillis")));
        String text = compared.toString();
        if (text.equals(last)) {
            return Optional.empty();
        }
        last = text;
        return Optional.of(FeedMessage.status(now));
    }

    private ObjectNode read() {
        ArrayNode list = JsonOut.mapper().createArrayNode();
        engine.status().forEach(s -> list.add(Views.status(s)));
        ObjectNode node = JsonOut.mapper().createObjectNode();
        node.set("projections", list);
        return node;
    }
}
