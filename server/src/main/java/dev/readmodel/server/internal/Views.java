package dev.readmodel.server.internal;

import dev.readmodel.core.engine.RebuildProgress;
import dev.readmodel.core.engine.RebuildResult;
import dev.readmodel.core.engine.ReplayResult;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.SearchResult;
import dev.readmodel.core.status.DeadLetter;
import dev.readmodel.core.status.ProjectionStatus;
import dev.readmodel.core.status.RebuildMarker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of answers. Documents are objects of their fields as the Java API returns them, written
 * with {@link JsonOut}: decimals as plain numbers, timestamps and dates as ISO-8601 strings.
 */
public final class Views {
    private Views() {
    }

    private static ObjectNode object() {
        return JsonOut.mapper().createObjectNode();
    }

    /** One document: an object of its fields (see {@link DocumentJson}). */
    public static JsonNode document(Document document) {
        return DocumentJson.node(document);
    }

    /** Documents as an array. */
    public static ArrayNode documents(List<Document> documents) {
        ArrayNode items = JsonOut.mapper().createArrayNode();
        documents.forEach(d -> items.add(document(d)));
        return items;
    }

    /** A read model's declaration: name, key, fields and their types, and whether documents have a history. */
    public static ObjectNode readModel(ReadModel model, String projection, boolean history) {
        ObjectNode node = object().put("name", model.name()).put("key", model.keyField()).put("projection", projection);
        ObjectNode fields = node.putObject("fields");
        model.fields().forEach((field, type) -> fields.put(field, type.name()));
        node.put("history", history);
        return node;
    }

    /** A search answer: total, hits with score and highlights, facets. */
    public static ObjectNode search(SearchResult result) {
        ObjectNode node = object().put("total", result.total());
        ArrayNode hits = node.putArray("hits");
        for (SearchResult.Hit hit : result.hits()) {
            ObjectNode h = hits.addObject();
            h.set("document", document(hit.document()));
            h.put("score", hit.score());
            h.set("highlights", JsonOut.mapper().valueToTree(hit.highlights()));
        }
        ObjectNode facets = node.putObject("facets");
        for (Map.Entry<String, List<SearchResult.FacetCount>> facet : new java.util.TreeMap<>(result.facets()).entrySet()) {
            ArrayNode counts = facets.putArray(facet.getKey());
            facet.getValue().forEach(c -> counts.addObject().put("value", c.value()).put("count", c.count()));
        }
        return node;
    }

    /** One stored event. */
    public static ObjectNode event(EventEnvelope e) {
        ObjectNode node = object().put("position", e.position()).put("streamId", e.streamId())
                .put("streamVersion", e.streamVersion()).put("type", e.type()).put("eventId", e.eventId().toString())
                .put("occurredAt", e.occurredAt().toString());
        node.set("data", e.data());
        node.set("metadata", e.metadata());
        return node;
    }

    /** A projection's status. */
    public static ObjectNode status(ProjectionStatus s) {
        ObjectNode node = object().put("projection", s.projection()).put("mode", s.mode().name())
                .put("state", s.state().name()).put("checkpoint", s.checkpoint()).put("head", s.head())
                .put("lagEvents", s.lagEvents()).put("lagMillis", s.lag().toMillis())
                .put("eventsPerSecond", s.eventsPerSecond()).put("eventsApplied", s.eventsApplied())
                .put("retries", s.retries()).put("partial", s.partial()).put("heartbeat", s.heartbeat().toString());
        s.lastError().ifPresentOrElse(e -> node.putObject("lastError").put("position", e.position())
                .put("eventType", e.eventType()).put("message", e.message()).put("transient", e.transientFailure())
                .put("at", e.at().toString()), () -> node.putNull("lastError"));
        s.rebuild().ifPresentOrElse(m -> node.set("rebuild", marker(m)), () -> node.putNull("rebuild"));
        return node;
    }

    private static ObjectNode marker(RebuildMarker m) {
        return object().put("kind", m.kind().name()).put("target", m.target()).put("position", m.position())
                .put("running", m.running()).put("fraction", m.fraction()).put("partial", m.partial())
                .put("description", m.describe());
    }

    /** Rebuild progress. */
    public static ObjectNode progress(RebuildProgress p) {
        ObjectNode node = object().put("position", p.position()).put("head", p.head()).put("fraction", p.fraction())
                .put("eventsApplied", p.eventsApplied()).put("eventsPerSecond", p.eventsPerSecond());
        p.eta().ifPresentOrElse(eta -> node.put("etaMillis", eta.toMillis()), () -> node.putNull("etaMillis"));
        return node;
    }

    /** How a rebuild ended. */
    public static ObjectNode result(RebuildResult r) {
        return object().put("eventsApplied", r.eventsApplied()).put("checkpoint", r.checkpoint())
                .put("elapsedMillis", r.elapsed().toMillis()).put("cancelled", r.cancelled())
                .put("eventsPerSecond", r.eventsPerSecond());
    }

    /** One parked event. */
    public static ObjectNode deadLetter(DeadLetter d) {
        ObjectNode node = object().put("projection", d.projection()).put("error", d.error())
                .put("attempts", d.attempts()).put("parkedAt", d.parkedAt().toString());
        node.set("event", event(d.event()));
        return node;
    }

    /** What a dead-letter replay did. */
    public static ObjectNode replay(ReplayResult r) {
        ObjectNode node = object().put("replayed", r.replayed());
        ArrayNode failing = node.putArray("stillFailing");
        r.stillFailing().forEach(d -> failing.add(deadLetter(d)));
        return node;
    }
}
