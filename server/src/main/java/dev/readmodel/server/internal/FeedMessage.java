package dev.readmodel.server.internal;

import dev.readmodel.core.change.DocumentChange;
import dev.readmodel.core.change.Replaced;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One message of a change feed, its JSON data written once and framed for each transport: an SSE event
 * ({@code event:}, {@code id:}, {@code data:}) or a WebSocket text frame {@code {"event":..,"id":..,"data":..}}.
 *
 * @param event {@code commit}, {@code replaced}, {@code reset}, {@code status}, or {@code keep-alive}
 * @param position the position the message stands at, its SSE id; {@code -1} for messages without one
 * @param data the JSON data, one line
 */
record FeedMessage(String event, long position, String data) {
    /** Not a message: the keep-alive each transport writes its own way. */
    static final FeedMessage KEEP_ALIVE = new FeedMessage("keep-alive", -1, "null");

    /** A commit's changes to {@code readModel}. */
    static FeedMessage commit(String projection, String readModel, long position, List<DocumentChange> changes) {
        ObjectNode data = JsonOut.mapper().createObjectNode().put("projection", projection).put("readModel", readModel)
                .put("position", position);
        ArrayNode list = data.putArray("changes");
        for (DocumentChange change : changes) {
            ObjectNode item = list.addObject().put("id", change.id()).put("deleted", change.deleted())
                    .put("version", change.version());
            change.document().ifPresentOrElse(d -> item.set("document", Views.document(d)), () -> item.putNull("document"));
        }
        return new FeedMessage("commit", position, text(data));
    }

    /** {@code readModel} replaced as a whole by a rebuild. */
    static FeedMessage replaced(String readModel, long position, Replaced.Reason reason) {
        return new FeedMessage("replaced", position, text(JsonOut.mapper().createObjectNode().put("readModel", readModel)
                .put("position", position).put("reason", reason.name())));
    }

    /** The client must query again: {@code reason} says why, {@code position} where the feed stands. */
    static FeedMessage reset(String reason, long position, String message) {
        return new FeedMessage("reset", -1, text(JsonOut.mapper().createObjectNode().put("reason", reason)
                .put("position", position).put("message", message)));
    }

    /** The status of every projection, as the status endpoint answers it. */
    static FeedMessage status(ObjectNode statuses) {
        return new FeedMessage("status", -1, text(statuses));
    }

    private static String text(ObjectNode node) {
        return new String(JsonOut.bytes(node), StandardCharsets.UTF_8);
    }

    /** As an SSE event, ending with its blank line. */
    String sse() {
        if (this == KEEP_ALIVE) {
            return ": keep-alive\n\n";
        }
        return "event: " + event + "\n" + (position >= 0 ? "id: " + position + "\n" : "") + "data: " + data + "\n\n";
    }

    /** As a WebSocket text frame. */
    String ws() {
        return "{\"event\":\"" + event + "\"" + (position >= 0 ? ",\"id\":" + position : "") + ",\"data\":" + data + "}";
    }
}
