package dev.readmodel.server.internal;

import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.event.EventStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Aggregation;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.query.SearchQuery;
import dev.readmodel.server.internal.Api.Scope;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.function.Function;

/** The read endpoints: read models, documents, aggregations, search, and history from the event store. */
public final class ReadRoutes {
    private final Api api;

    /** Routes over {@code api}. */
    public ReadRoutes(Api api) {
        this.api = api;
    }

    /** Adds the routes under {@code base}. */
    public void register(RoutesConfig routes, String base) {
        routes.get(base + "/read-models", api.guarded(Scope.READ, this::readModels));
        routes.get(base + "/read-models/{model}", api.guarded(Scope.READ, this::readModel));
        MinPosition fresh = new MinPosition(api);
        routes.get(base + "/read-models/{model}/documents", api.guarded(Scope.READ, fresh.before(this::documents)));
        routes.get(base + "/read-models/{model}/documents/{id}", api.guarded(Scope.READ, fresh.before(this::document)));
        routes.get(base + "/read-models/{model}/aggregate", api.guarded(Scope.READ, fresh.before(this::aggregate)));
        routes.get(base + "/read-models/{model}/search", api.guarded(Scope.READ, fresh.before(this::search)));
        // any stream, including those that feed read models not served: an operator's tool, behind its token
        routes.get(base + "/streams/{stream}/events", api.guarded(Scope.OPERATIONS, this::streamEvents));
    }

    private Params params(Context ctx) {
        return new Params(ctx.queryParamMap(), api.config);
    }

    private void readModels(Context ctx) {
        ArrayNode models = JsonOut.mapper().createArrayNode();
        for (ReadModel model : api.served()) {
            models.add(Views.readModel(model, api.projectionOf(model), hasHistory(model)));
        }
        Api.json(ctx, 200, JsonOut.mapper().createObjectNode().set("readModels", models));
    }

    private boolean hasHistory(ReadModel model) {
        return api.events.isPresent() && api.config.historyStreams().containsKey(model.name());
    }

    private void readModel(Context ctx) {
        ReadModel model = api.model(ctx.pathParam("model"));
        Api.json(ctx, 200, Views.readModel(model, api.projectionOf(model), hasHistory(model)));
    }

    private void documents(Context ctx) {
        ReadModel model = api.model(ctx.pathParam("model"));
        Params params = params(ctx);
        Query query = params.query();
        boolean total = params.wantsTotal();
        List<Document> documents = api.engine.query(model.name(), query);
        ObjectNode answer = JsonOut.mapper().createObjectNode().put("readModel", model.name())
                .put("limit", query.limit()).put("offset", query.offset());
        if (total) {
            // one count over the same filters: an aggregation every store runs as a count, not a scan of pages
            List<Document> count = api.engine.aggregate(model.name(), new Aggregation(query.filters(), List.of(),
                    List.of(dev.readmodel.core.query.Metric.count("total")), List.of(), 1));
            answer.put("total", count.isEmpty() ? 0 : count.get(0).longValue("total", 0));
        }
        answer.put("partial", api.engine.isPartial(model.name()));
        answer.set("items", Views.documents(documents));
        Api.json(ctx, 200, answer);
    }

    private void document(Context ctx) {
        ReadModel model = api.model(ctx.pathParam("model"));
        String id = ctx.pathParam("id");
        Params params = params(ctx);
        String include = params.one("include");
        if (include != null && !include.equals("history")) {
            throw ApiProblem.badParameter("Invalid include [" + Text.shorten(include) + "]: expected history");
        }
        ByIdShortcut.rethrowFailure(ctx);
        List<Document> found = byId(api, model, id);
        if (found.isEmpty()) {
            throw ApiProblem.notFound("document-not-found", "Document not found", "Read model [" + model.name()
                    + "] has no document [" + Text.shorten(id) + "]");
        }
        if (include == null) {
            Api.json(ctx, 200, Views.document(found.get(0)));
            return;
        }
        Function<String, String> streamOf = api.config.historyStreams().get(model.name());
        if (streamOf == null || api.events.isEmpty()) {
            throw ApiProblem.badParameter("Read model [" + model.name() + "] declares no history stream on this server");
        }
        String stream = streamOf.apply(id);
        ObjectNode answer = JsonOut.mapper().createObjectNode();
        answer.set("document", Views.document(found.get(0)));
        answer.set("history", page(stream, 1, api.config.maxLimit()));
        Api.json(ctx, 200, answer);
    }

    /** The document {@code id} of {@code model}, or none: the one query of a by-id read, whichever path serves it. */
    static List<Document> byId(Api api, ReadModel model, String id) {
        return api.engine.query(model.name(), Query.builder().where(Filter.eq(model.keyField(), id)).limit(1).build());
    }

    private void aggregate(Context ctx) {
        ReadModel model = api.model(ctx.pathParam("model"));
        Aggregation aggregation = params(ctx).aggregation();
        List<Document> groups = api.engine.aggregate(model.name(), aggregation);
        ObjectNode answer = JsonOut.mapper().createObjectNode().put("readModel", model.name())
                .put("partial", api.engine.isPartial(model.name()));
        answer.set("groups", Views.documents(groups));
        Api.json(ctx, 200, answer);
    }

    private void search(Context ctx) {
        ReadModel model = api.model(ctx.pathParam("model"));
        SearchQuery search = params(ctx).search(model);
        ObjectNode answer = Views.search(api.engine.search(model.name(), search));
        answer.put("readModel", model.name()).put("partial", api.engine.isPartial(model.name()));
        Api.json(ctx, 200, answer);
    }

    private void streamEvents(Context ctx) {
        String stream = ctx.pathParam("stream");
        if (stream.isEmpty() || stream.length() > 512) {
            throw ApiProblem.badParameter("Invalid stream id of " + stream.length() + " characters: expected 1 to 512");
        }
        Params params = params(ctx);
        long from = params.positive("from", 1);
        int limit = params.limit(Math.min(100, api.config.maxLimit()));
        if (api.events.isEmpty()) {
            throw ApiProblem.notFound("history-unavailable", "History unavailable",
                    "This server was started without an event store, so it serves no history");
        }
        ObjectNode page = page(stream, from, limit);
        if (page.get("events").isEmpty() && from == 1) {
            throw ApiProblem.notFound("stream-not-found", "Stream not found", "No stream [" + Text.shorten(stream) + "]");
        }
        Api.json(ctx, 200, page);
    }

    /** Events of {@code stream} from version {@code from}, at most {@code limit}, with the next version to ask for. */
    private ObjectNode page(String stream, long from, int limit) {
        EventStore events = api.events.orElseThrow();
        List<EventEnvelope> all = events.readStream(stream);
        ObjectNode page = JsonOut.mapper().createObjectNode().put("stream", stream).put("from", from).put("limit", limit);
        ArrayNode out = page.putArray("events");
        long next = 0;
        for (EventEnvelope e : all) {
            if (e.streamVersion() < from) {
                continue;
            }
            if (out.size() == limit) {
                next = e.streamVersion();
                break;
            }
            out.add(Views.event(e));
        }
        if (next == 0) {
            page.putNull("next");
        } else {
            page.put("next", next);
        }
        return page;
    }
}
