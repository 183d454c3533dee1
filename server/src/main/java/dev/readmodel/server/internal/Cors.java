package dev.readmodel.server.internal;

import io.javalin.http.Context;
import java.util.List;

/** CORS for the configured origins; with none, no CORS header is ever sent and preflights find no route. */
public final class Cors {
    private final List<String> origins;

    /** CORS for {@code origins} ({@code *} for any). */
    public Cors(List<String> origins) {
        this.origins = List.copyOf(origins);
    }

    /** Whether any origin is allowed. */
    public boolean enabled() {
        return !origins.isEmpty();
    }

    private boolean allows(String origin) {
        return origin != null && (origins.contains("*") || origins.contains(origin));
    }

    /** Adds the CORS headers to a response for an allowed origin. */
    public void headers(Context ctx) {
        String origin = ctx.header("Origin");
        if (enabled() && allows(origin)) {
            ctx.header("Access-Control-Allow-Origin", origins.contains("*") ? "*" : origin);
            ctx.header("Vary", "Origin");
            ctx.header("Access-Control-Expose-Headers", "Retry-After, Location, " + MinPosition.POSITION_HEADER);
        }
    }

    /** Answers a preflight: 204 with the allowed methods and headers, or 403 for an origin not allowed. */
    public void preflight(Context ctx) {
        if (!allows(ctx.header("Origin"))) {
            throw new ApiProblem(403, "cors-origin-refused", "Origin not allowed",
                    "Origin [" + Text.shorten(ctx.header("Origin")) + "] is not allowed to call this server");
        }
        ctx.header("Access-Control-Allow-Methods", "GET, POST, DELETE");
        ctx.header("Access-Control-Allow-Headers", "Authorization, Content-Type, " + MinPosition.HEADER);
        ctx.header("Access-Control-Max-Age", "600");
        ctx.status(204);
    }
}
