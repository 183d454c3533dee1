package dev.readmodel.server.internal;

import dev.readmodel.core.health.Health;
import dev.readmodel.core.health.HealthCheck;
import dev.readmodel.core.health.ProjectionHealth;
import dev.readmodel.core.status.ProjectionError;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.function.Predicate;

/**
 * The health endpoints for probes and load balancers: {@code /health} (200 when live and ready),
 * {@code /health/live} and {@code /health/ready}, each 200 or 503 with the same small JSON body: the
 * overall answers and each projection's case, checkpoint and, as its case has them, lag, how long it has
 * stalled, and the position of its failure.
 *
 * <p>Open, without tokens, and outside the concurrency bound, so that a probe is answered under load and
 * a busy server is not restarted for it; they take no parameters. A failure's cause (its message may quote
 * document values) is shown only to callers who may read: when reads are open, or with the read or
 * operations token.
 */
public final class HealthRoutes {
    /** Longest cause shown: enough for the wrapping failure and its cause, short enough for a probe's log. */
    static final int MAX_CAUSE = 400;

    private final Api api;
    private final HealthCheck check;

    /** Routes over {@code api}, answering with {@code check}. */
    public HealthRoutes(Api api, HealthCheck check) {
        this.api = api;
        this.check = check;
    }

    /** Adds the routes under {@code base}. */
    public void register(RoutesConfig routes, String base) {
        routes.get(base + "/health", ctx -> answer(ctx, h -> h.live() && h.ready()));
        routes.get(base + "/health/live", ctx -> answer(ctx, Health::live));
        routes.get(base + "/health/ready", ctx -> answer(ctx, Health::ready));
    }

    private void answer(Context ctx, Predicate<Health> ok) {
        Health health = check.check();
        ctx.header("Cache-Control", "no-store");
        Api.json(ctx, ok.test(health) ? 200 : 503, view(health, api.mayRead(ctx)));
    }

    /** The body: overall answers, then one entry per projection; causes only when {@code details}. */
    static ObjectNode view(Health health, boolean details) {
        ObjectNode node = JsonOut.mapper().createObjectNode().put("live", health.live()).put("ready", health.ready())
                .put("checkedAt", health.checkedAt().toString());
        ArrayNode list = node.putArray("projections");
        for (ProjectionHealth p : health.projections()) {
            ObjectNode entry = list.addObject().put("projection", p.projection()).put("health", p.name())
                    .put("live", p.live()).put("ready", p.ready()).put("checkpoint", p.checkpoint());
            if (p instanceof ProjectionHealth.Up up) {
                entry.put("lagEvents", up.lagEvents()).put("lagMillis", up.lag().toMillis());
            } else if (p instanceof ProjectionHealth.Lagging l) {
                entry.put("lagEvents", l.lagEvents()).put("lagMillis", l.lag().toMillis()).put("bound", l.bound());
            } else if (p instanceof ProjectionHealth.Stalled s) {
                entry.put("lagEvents", s.lagEvents()).put("stalledForMillis", s.stalledFor().toMillis())
                        .put("reason", s.reason().name());
            } else if (p instanceof ProjectionHealth.Faulted f) {
                error(entry, f.error(), details);
            } else if (p instanceof ProjectionHealth.Retrying r) {
                error(entry.put("retries", r.retries()), r.error(), details);
            } else if (p instanceof ProjectionHealth.Paused paused) {
                entry.put("lagEvents", paused.lagEvents());
            } // standby and stopped have nothing more than their checkpoint
        }
        return node;
    }

    private static void error(ObjectNode entry, ProjectionError error, boolean details) {
        entry.put("position", error.position()).put("eventType", error.eventType()).put("since", error.at().toString());
        if (details) {
            entry.put("cause", Text.shorten(error.message(), MAX_CAUSE));
        }
    }
}
