package dev.readmodel.server.internal;

import dev.readmodel.core.status.DeadLetter;
import dev.readmodel.core.status.ProjectionStatus;
import dev.readmodel.server.internal.Api.Scope;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;

/**
 * The operations endpoints, behind the operations token: status of every projection; rebuild (truncate or
 * zero-downtime) with progress, and cancel; pause, resume, restart; dead letters and their replay.
 */
public final class OperationRoutes {
    private final Api api;
    private final RebuildJobs rebuilds;

    /** Routes over {@code api}, rebuilding with {@code rebuilds}. */
    public OperationRoutes(Api api, RebuildJobs rebuilds) {
        this.api = api;
        this.rebuilds = rebuilds;
    }

    /** Adds the routes under {@code base}. */
    public void register(RoutesConfig routes, String base) {
        String p = base + "/operations/projections/{projection}";
        routes.get(base + "/operations/projections", api.guarded(Scope.OPERATIONS, this::statuses));
        routes.get(p, api.guarded(Scope.OPERATIONS, ctx -> Api.json(ctx, 200, Views.status(status(ctx)))));
        routes.post(p + "/rebuild", api.guarded(Scope.OPERATIONS, this::rebuild));
        routes.get(p + "/rebuild", api.guarded(Scope.OPERATIONS, this::rebuildProgress));
        routes.delete(p + "/rebuild", api.guarded(Scope.OPERATIONS, this::cancel));
        routes.post(p + "/pause", api.guarded(Scope.OPERATIONS, ctx -> {
            api.engine.pause(status(ctx).projection());
            Api.json(ctx, 200, Views.status(status(ctx)));
        }));
        routes.post(p + "/resume", api.guarded(Scope.OPERATIONS, ctx -> {
            api.engine.resume(status(ctx).projection());
            Api.json(ctx, 200, Views.status(status(ctx)));
        }));
        routes.post(p + "/restart", api.guarded(Scope.OPERATIONS, ctx -> {
            api.engine.restart(status(ctx).projection());
            Api.json(ctx, 200, Views.status(status(ctx)));
        }));
        routes.get(p + "/dead-letters", api.guarded(Scope.OPERATIONS, this::deadLetters));
        routes.post(p + "/dead-letters/replay", api.guarded(Scope.OPERATIONS, ctx ->
                Api.json(ctx, 200, Views.replay(api.engine.replayDeadLetters(status(ctx).projection())))));
    }

    private ProjectionStatus status(Context ctx) {
        return api.engine.status(ctx.pathParam("projection"));
    }

    private void statuses(Context ctx) {
        ArrayNode list = JsonOut.mapper().createArrayNode();
        api.engine.status().forEach(s -> list.add(Views.status(s)));
        Api.json(ctx, 200, JsonOut.mapper().createObjectNode().set("projections", list));
    }

    private void rebuild(Context ctx) {
        String projection = status(ctx).projection();
        String mode = ctx.queryParam("mode");
        byte[] body = ctx.bodyAsBytes();
        if (body.length > 0) {
            JsonNode json;
            try {
                json = JsonOut.mapper().readTree(body);
            } catch (IOException e) {
                throw new ApiProblem(400, "malformed-json", "Malformed JSON", "The body is not JSON: "
                        + Text.shorten(e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("")));
            }
            if (json == null || !json.isObject()) {
                throw new ApiProblem(400, "malformed-json", "Malformed JSON", "The body must be a JSON object such as {\"mode\":\"truncate\"}");
            }
            JsonNode m = json.get("mode");
            if (m != null && !m.isTextual()) {
                throw ApiProblem.badParameter("Invalid mode: expected \"truncate\" or \"zero-downtime\"");
            }
            mode = m == null ? mode : m.asText();
        }
        boolean zeroDowntime;
        if (mode == null || mode.equals("truncate")) {
            zeroDowntime = false;
        } else if (mode.equals("zero-downtime")) {
            zeroDowntime = true;
        } else {
            throw ApiProblem.badParameter("Invalid mode [" + Text.shorten(mode) + "]: expected truncate or zero-downtime");
        }
        ctx.header("Location", ctx.path());
        Api.json(ctx, 202, rebuilds.start(projection, zeroDowntime));
    }

    private void rebuildProgress(Context ctx) {
        String projection = status(ctx).projection();
        Api.json(ctx, 200, rebuilds.view(projection).orElseThrow(() -> ApiProblem.notFound("no-rebuild",
                "No rebuild", "No rebuild of projection [" + projection + "] was started on this server")));
    }

    private void cancel(Context ctx) {
        String projection = status(ctx).projection();
        if (!rebuilds.cancel(projection)) {
            throw ApiProblem.notFound("no-rebuild", "No rebuild", "No rebuild of projection [" + projection + "] is running");
        }
        Api.json(ctx, 202, JsonOut.mapper().createObjectNode().put("projection", projection).put("cancelling", true));
    }

    private void deadLetters(Context ctx) {
        ArrayNode list = JsonOut.mapper().createArrayNode();
        for (DeadLetter letter : api.engine.deadLetters(status(ctx).projection())) {
            list.add(Views.deadLetter(letter));
        }
        Api.json(ctx, 200, JsonOut.mapper().createObjectNode().set("deadLetters", list));
    }
}
