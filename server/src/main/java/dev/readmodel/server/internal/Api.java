package dev.readmodel.server.internal;

import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.error.UnknownProjectionException;
import dev.readmodel.core.event.EventStore;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.server.QueryServerConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * What every endpoint shares: the engine, the configuration, the event store for history, and the guard
 * each request passes first: a permit of the concurrency bound, the query-string and body bounds, and the
 * bearer token of its scope.
 */
public final class Api {
    /** Who may call an endpoint. */
    public enum Scope {
        /** Reads: open, or the read token (or the operations token) when one is set. */
        READ,
        /** Operations: the operations token; off without one. */
        OPERATIONS
    }

    final ProjectionEngine engine;
    final QueryServerConfig config;
    final Optional<EventStore> events;
    private final Semaphore permits;
    /** Each read model's projection, found once: the engine's projections are fixed when it is built. */
    private final Map<String, String> owners;

    /** The shared state of one server. */
    public Api(ProjectionEngine engine, QueryServerConfig config, Optional<EventStore> events) {
        this.engine = engine;
        this.config = config;
        this.events = events;
        this.permits = new Semaphore(config.maxConcurrentRequests());
        Map<String, String> owners = new HashMap<>();
        for (Projection projection : engine.projections()) {
            for (ReadModel model : projection.readModels()) {
                owners.putIfAbsent(model.name(), projection.name());
            }
        }
        this.owners = Map.copyOf(owners);
    }

    /** {@code handler} behind the guard of {@code scope}. */
    public Handler guarded(Scope scope, Handler handler) {
        return ctx -> {
            if (!enter()) {
                throw new ApiProblem(503, "too-busy", "Too many requests at once", "The server serves at most "
                        + config.maxConcurrentRequests() + " requests at once; try again shortly", Map.of("Retry-After", "1"));
            }
            try {
                bounds(ctx);
                authorize(ctx, scope);
                handler.handle(ctx);
            } finally {
                leave();
            }
        };
    }

    /** Takes a place of the concurrency bound; {@code false} when every place is taken. Pair with {@link #leave}. */
    boolean enter() {
        return permits.tryAcquire();
    }

    /** Gives back a place {@link #enter} took. */
    void leave() {
        permits.release();
    }

    /** Whether reads need a token: when not, a read is open to any caller. */
    boolean readsOpen() {
        return config.readToken().isEmpty();
    }

    /**
     * The guard of {@code scope} without a request permit, for streams that stay open: the bounds and the token.
     *
     * @throws ApiProblem naming what does not fit
     */
    public void check(Context ctx, Scope scope) {
        bounds(ctx);
        authorize(ctx, scope);
    }

    private void bounds(Context ctx) {
        String query = ctx.queryString();
        if (query != null && query.length() > config.maxQueryLength()) {
            throw new ApiProblem(414, "query-too-long", "Query string too long", "The query string has "
                    + query.length() + " characters; at most " + config.maxQueryLength() + " are accepted");
        }
        long length = ctx.req().getContentLengthLong();
        if (length > config.maxRequestBytes()) {
            drain(ctx, length);
            throw new ApiProblem(413, "request-too-large", "Request too large", "The request body has " + length
                    + " bytes; at most " + config.maxRequestBytes() + " are accepted");
        }
    }

    /**
     * Reads and drops a refused body of up to 1 MiB, so that the client, still sending it, receives the 413
     * instead of a reset connection; a larger one is left unread and the connection closed.
     */
    private static void drain(Context ctx, long length) {
        if (length > 1024 * 1024) {
            return;
        }
        try (java.io.InputStream body = ctx.req().getInputStream()) {
            byte[] buffer = new byte[16 * 1024];
            long left = length;
            for (int n = body.read(buffer); n > 0 && left > 0; n = body.read(buffer)) {
                left -= n;
            }
        } catch (java.io.IOException e) {
            // the client went away: nothing is left to answer
        }
    }

    private void authorize(Context ctx, Scope scope) {
        Optional<String> required = scope == Scope.READ ? config.readToken() : config.operationsToken();
        if (scope == Scope.OPERATIONS && required.isEmpty()) {
            throw new ApiProblem(403, "operations-disabled", "Operations are disabled",
                    "This server has no operations token configured, so operations are off");
        }
        if (required.isEmpty()) {
            return;
        }
        String header = ctx.header("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : null;
        if (token == null) {
            throw new ApiProblem(401, "unauthorized", "Unauthorized", "This endpoint needs Authorization: Bearer <token>");
        }
        boolean ok = matches(token, required.get())
                || (scope == Scope.READ && config.operationsToken().map(t -> matches(token, t)).orElse(false));
        if (!ok) {
            throw new ApiProblem(401, "unauthorized", "Unauthorized", "The bearer token is not valid for this endpoint");
        }
    }

    /**
     * Whether {@code ctx} may see what reads see, without refusing it: reads are open, or it carries the read
     * or operations token.
     */
    boolean mayRead(Context ctx) {
        if (config.readToken().isEmpty()) {
            return true;
        }
        try {
            authorize(ctx, Scope.READ);
            return true;
        } catch (ApiProblem e) {
            return false;
        }
    }

    private static boolean matches(String given, String expected) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    /** The read models served, in the engine's order. */
    public List<ReadModel> served() {
        List<ReadModel> models = new ArrayList<>();
        for (Projection projection : engine.projections()) {
            for (ReadModel model : projection.readModels()) {
                if (config.serves(model.name())) {
                    models.add(model);
                }
            }
        }
        return models;
    }

    /**
     * The projection that writes {@code model}.
     *
     * @throws UnknownProjectionException when no projection of the engine writes it
     */
    String projectionOf(ReadModel model) {
        String projection = owners.get(model.name());
        if (projection == null) {
            throw new UnknownProjectionException("No projection writes read model [" + model.name() + "]");
        }
        return projection;
    }

    /**
     * The served read model {@code name}.
     *
     * @throws ApiProblem 404 when it does not exist or is not served (the two are not told apart)
     */
    ReadModel model(String name) {
        if (config.serves(name)) {
            try {
                return engine.readModel(name);
            } catch (UnknownProjectionException e) {
                // answered below, naming only what is served
            }
        }
        throw ApiProblem.notFound("unknown-read-model", "Unknown read model", "No read model [" + Text.shorten(name)
                + "] is served here; served: " + served().stream().map(ReadModel::name).toList());
    }

    /**
     * Writes {@code value} as the JSON answer, straight to the response and with its Content-Length, so that
     * Jetty sends headers and body in one write. Through {@code ctx.result}, Javalin would copy every answer
     * through a new 32 KiB buffer and a compression wrapper first, which cost the by-id lookup more CPU than
     * serializing its document.
     */
    static void json(Context ctx, int status, Object value) {
        byte[] body = JsonOut.bytes(value);
        ctx.status(status);
        ctx.contentType("application/json");
        HttpServletResponse response = ctx.res();
        response.setContentLength(body.length);
        try {
            response.getOutputStream().write(body);
        } catch (IOException e) {
            // the client went away: nothing is left to answer, and Jetty closes the connection
        }
    }
}
