package dev.readmodel.server.internal;

import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** The OpenAPI 3.1 document of one server: its endpoints, and a schema per served read model from its declared fields. */
public final class OpenApi {
    private OpenApi() {
    }

    /** The document for {@code api} under {@code base}. */
    public static ObjectNode document(Api api, String base) {
        ObjectNode doc = JsonOut.mapper().createObjectNode().put("openapi", "3.1.0");
        doc.putObject("info").put("title", "readmodel query server").put("version", "0.1.0")
                .put("description", "Read models, documents, aggregations, search, history, metrics and operations.");
        doc.putArray("servers").addObject().put("url", base.isEmpty() ? "/" : base);
        ObjectNode components = doc.putObject("components");
        ObjectNode schemes = components.putObject("securitySchemes");
        schemes.putObject("bearer").put("type", "http").put("scheme", "bearer");
        ObjectNode schemas = components.putObject("schemas");
        schemas.putObject("Problem").put("type", "object").putObject("properties")
                .<ObjectNode>set("type", str()).<ObjectNode>set("title", str())
                .<ObjectNode>set("status", type("integer")).<ObjectNode>set("detail", str()).set("instance", str());
        List<ReadModel> models = api.served();
        ArrayNode names = JsonOut.mapper().createArrayNode();
        for (ReadModel model : models) {
            names.add(model.name());
            ObjectNode properties = schemas.putObject(model.name()).put("type", "object").putObject("properties");
            model.fields().forEach((field, t) -> properties.set(field, schema(t)));
        }
        ObjectNode paths = doc.putObject("paths");
        boolean reads = api.config.readToken().isPresent();
        path(paths, "/openapi.json", "get", "This document", List.of(), false);
        path(paths, "/read-models", "get", "The served read models and their declared fields", List.of(), reads);
        path(paths, "/read-models/{model}", "get", "One read model's declaration", List.of(model(names)), reads);
        path(paths, "/read-models/{model}/documents", "get", "Query: filters as field=value or field:op=value"
                + " (eq, in, gt, gte, lt, lte), order=-a,b, limit, offset, total=true", List.of(model(names),
                q("order"), q("limit"), q("offset"), q("total"), q("where")), reads);
        path(paths, "/read-models/{model}/documents/{id}", "get", "A document by id; include=history adds the events"
                + " of the stream that feeds it", List.of(model(names), p("id"), q("include")), reads);
        path(paths, "/read-models/{model}/aggregate", "get", "Grouped counts and sums: group=a,b, count=alias,"
                + " sum=field:alias, order, limit, filters", List.of(model(names), q("group"), q("count"), q("sum"),
                q("order"), q("limit")), reads);
        path(paths, "/read-models/{model}/search", "get", "Full-text search: q, in=field:boost, facet, highlight,"
                + " order, limit, offset, filters", List.of(model(names), q("q"), q("in"), q("facet"), q("highlight"),
                q("order"), q("limit"), q("offset")), reads);
        path(paths, "/read-models/{model}/live", "get", "Live query (text/event-stream): the document-list filters"
                + " (no order, limit, offset); event result {position, documents}, then enter, change, leave"
                + " {position, id, document}, and reset {reason: replaced|overflow, position} before the stream ends",
                List.of(model(names), q("where"), q("minPosition"), q("maxWait"), h(MinPosition.HEADER)), reads);
        path(paths, "/streams/{stream}/events", "get", "The events of a stream by version, paged: from, limit",
                List.of(p("stream"), q("from"), q("limit")), reads);
        if (api.config.metrics()) {
            path(paths, "/metrics", "get", "The engine's meters for Prometheus: text format 0.0.4, or OpenMetrics"
                    + " 1.0 when Accept asks for application/openmetrics-text", List.of(), reads);
            ObjectNode content = ((ObjectNode) paths.get("/metrics").get("get").get("responses").get("200"))
                    .putObject("content");
            content.putObject("text/plain").putObject("schema").put("type", "string");
            content.putObject("application/openmetrics-text").putObject("schema").put("type", "string");
        }
        stream(paths, "/read-models/{model}/changes", "text/event-stream", "Change feed (SSE): commit, replaced and reset"
                + " events; resume with Last-Event-ID or from", List.of(model(names), q("from"), h("Last-Event-ID")), reads);
        stream(paths, "/read-models/{model}/changes/ws", "application/json", "Change feed over WebSocket: the same"
                + " messages as JSON text frames; resume with from", List.of(model(names), q("from")), reads);
        path(paths, "/read-models/{model}/live/ws", "get", "Live query over WebSocket: the same parameters and"
                + " events as JSON text frames {event, id, data}; closed normally after reset", List.of(model(names),
                q("where")), reads); // the minimum position is added by path
        stream(paths, "/feed", "text/event-stream", "Operations feed (SSE): status when it changed, and every served"
                + " read model's commits", List.of(), true);
        String ops = "/operations/projections";
        path(paths, ops, "get", "Status of every projection", List.of(), true);
        path(paths, ops + "/{projection}", "get", "Status of one projection", List.of(p("projection")), true);
        path(paths, ops + "/{projection}/rebuild", "post", "Start a rebuild: {\"mode\":\"truncate\"|\"zero-downtime\"}",
                List.of(p("projection"), q("mode")), true);
        path(paths, ops + "/{projection}/rebuild", "get", "Progress of the last rebuild started here", List.of(p("projection")), true);
        path(paths, ops + "/{projection}/rebuild", "delete", "Cancel the running rebuild", List.of(p("projection")), true);
        for (String action : List.of("pause", "resume", "restart")) {
            path(paths, ops + "/{projection}/" + action, "post", action + " the projection", List.of(p("projection")), true);
        }
        path(paths, ops + "/{projection}/dead-letters", "get", "Parked events", List.of(p("projection")), true);
        path(paths, ops + "/{projection}/dead-letters/replay", "post", "Apply parked events again", List.of(p("projection")), true);
        path(paths, "/health", "get", "Liveness and readiness with each projection's health: 200 when live"
                + " and ready, else 503", List.of(), false);
        path(paths, "/health/live", "get", "Liveness: 503 only when a projection is stalled", List.of(), false);
        path(paths, "/health/ready", "get", "Readiness: 503 when a projection is stalled, faulted, retrying"
                + " or beyond the lag bounds", List.of(), false);
        return doc;
    }

    private static void path(ObjectNode paths, String path, String method, String summary, List<ObjectNode> given,
            boolean secured) {
        List<ObjectNode> params = new ArrayList<>(given);
        if (path.startsWith("/read-models/{model}/") && !path.endsWith("/live")) {
            params.addAll(List.of(q("minPosition"), q("maxWait"), h(MinPosition.HEADER))); // see MinPosition
        }
        ObjectNode item = paths.has(path) ? (ObjectNode) paths.get(path) : paths.putObject(path);
        ObjectNode op = item.putObject(method).put("summary", summary)
                .put("operationId", method + path.replaceAll("[^A-Za-z0-9]+", "_"));
        ArrayNode parameters = op.putArray("parameters");
        params.forEach(parameters::add);
        if (secured) {
            op.putArray("security").addObject().putArray("bearer");
        }
        ObjectNode responses = op.putObject("responses");
        responses.putObject("200").put("description", "The answer").putObject("content").putObject("application/json");
        responses.putObject("default").put("description", "A problem (RFC 9457)").putObject("content")
                .putObject("application/problem+json").putObject("schema").put("$ref", "#/components/schemas/Problem");
    }

    /** A streaming endpoint: its 200 is a stream of {@code type}, not one JSON answer. */
    private static void stream(ObjectNode paths, String path, String type, String summary, List<ObjectNode> params,
            boolean secured) {
        path(paths, path, "get", summary, params, secured);
        ObjectNode ok = (ObjectNode) paths.get(path).get("get").get("responses").get("200");
        ok.put("description", "The stream, until the client or the server closes it");
        ok.putObject("content").putObject(type);
        ((ObjectNode) paths.get(path).get("get").get("responses")).putObject("429").put("description",
                "Too many feed connections from this client (Retry-After)");
    }

    private static ObjectNode model(ArrayNode names) {
        ObjectNode param = p("model");
        ((ObjectNode) param.get("schema")).set("enum", names);
        return param;
    }

    private static ObjectNode p(String name) {
        ObjectNode param = JsonOut.mapper().createObjectNode().put("name", name).put("in", "path").put("required", true);
        param.set("schema", str());
        return param;
    }

    private static ObjectNode h(String name) {
        ObjectNode param = JsonOut.mapper().createObjectNode().put("name", name).put("in", "header").put("required", false);
        param.set("schema", type("integer"));
        return param;
    }

    private static ObjectNode q(String name) {
        ObjectNode param = JsonOut.mapper().createObjectNode().put("name", name).put("in", "query").put("required", false);
        param.set("schema", str());
        return param;
    }

    private static ObjectNode str() {
        return type("string");
    }

    private static ObjectNode type(String type) {
        return JsonOut.mapper().createObjectNode().put("type", type);
    }

    private static ObjectNode schema(FieldType type) {
        return switch (type) {
            case KEYWORD, TEXT -> str();
            case LONG -> type("integer");
            case DOUBLE, DECIMAL -> type("number");
            case BOOLEAN -> type("boolean");
            case TIMESTAMP -> str().put("format", "date-time");
            case DATE -> str().put("format", "date");
            case KEYWORD_LIST, LONG_LIST, DOUBLE_LIST, DECIMAL_LIST, BOOLEAN_LIST, TIMESTAMP_LIST, DATE_LIST -> {
                ObjectNode array = type("array");
                array.set("items", schema(type.elementType()));
                yield array;
            }
        };
    }
}
