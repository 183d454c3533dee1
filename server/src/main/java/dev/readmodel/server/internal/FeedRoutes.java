package dev.readmodel.server.internal;

import dev.readmodel.server.internal.Api.Scope;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * The change feeds: a read model's commits as SSE ({@code /read-models/{model}/changes}) or WebSocket
 * ({@code .../changes/ws}), resumable from a position; and the operations feed ({@code /feed}) with status.
 * A stream holds no request permit (it would hold it for hours) but a feed connection of {@link FeedLimits}.
 */
public final class FeedRoutes {
    private final Api api;
    private final FeedHub hub;
    private final Map<String, FeedConnection> sockets = new ConcurrentHashMap<>();

    /** Routes over {@code api}, fed by {@code hub}. */
    public FeedRoutes(Api api, FeedHub hub) {
        this.api = api;
        this.hub = hub;
    }

    /** Adds the routes under {@code base}. */
    public void register(RoutesConfig routes, String base) {
        routes.get(base + "/read-models/{model}/changes", ctx -> {
            api.check(ctx, Scope.READ);
            String model = api.model(ctx.pathParam("model")).name();
            String header = ctx.header("Last-Event-ID");
            OptionalLong from = header != null ? position("Last-Event-ID", header) : position("from", ctx.queryParam("from"));
            stream(ctx, Optional.of(model), from);
        });
        routes.get(base + "/feed", ctx -> {
            api.check(ctx, Scope.OPERATIONS);
            stream(ctx, Optional.empty(), OptionalLong.empty());
        });
        String ws = base + "/read-models/{model}/changes/ws";
        routes.wsBeforeUpgrade(ws, ctx -> {
            api.check(ctx, Scope.READ);
            api.model(ctx.pathParam("model"));
            position("from", ctx.queryParam("from"));
            hub.limits().check(ctx.ip());
        });
        routes.ws(ws, this::socket);
    }

    /**
     * A position a client resumes after: a whole number, 0 or more; empty when not given.
     *
     * @throws ApiProblem 400 naming the value
     */
    static OptionalLong position(String name, String value) {
        if (value == null) {
            return OptionalLong.empty();
        }
        try {
            long position = Long.parseLong(value.strip());
            if (position >= 0) {
                return OptionalLong.of(position);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiProblem.badParameter("Invalid " + name + " [" + Text.shorten(value) + "]: expected a position, 0 or more");
    }

    private void stream(Context ctx, Optional<String> model, OptionalLong from) throws IOException {
        String client = ctx.ip();
        hub.limits().acquire(client);
        ServletOutputStream out;
        try {
            HttpServletResponse response = ctx.res();
            response.setStatus(200);
            response.setCharacterEncoding("UTF-8");
            response.setContentType("text/event-stream");
            response.setHeader("Cache-Control", "no-cache");
            response.setHeader("X-Accel-Buffering", "no"); // proxies must not hold events back
            out = response.getOutputStream(); // sent with the first message, once attached
        } catch (IOException | RuntimeException e) {
            hub.limits().release(client);
            throw e;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        ctx.future(() -> done);
        hub.attach(client, model, from, FeedSinks.sse(out, done));
    }

    private void socket(WsConfig ws) {
        ws.onConnect(ctx -> {
            String client = address(ctx.session.getRemoteSocketAddress());
            try {
                hub.limits().acquire(client);
            } catch (ApiProblem refused) {
                ctx.closeSession(StatusCode.TRY_AGAIN_LATER, refused.getMessage());
                return;
            }
            String model = api.model(ctx.pathParam("model")).name();
            OptionalLong from = position("from", ctx.queryParam("from"));
            sockets.put(ctx.sessionId(), hub.attach(client, Optional.of(model), from, FeedSinks.ws(ctx.session)));
        });
        ws.onClose(ctx -> closed(ctx));
        ws.onError(ctx -> closed(ctx));
    }

    private void closed(WsContext ctx) {
        FeedConnection connection = sockets.remove(ctx.sessionId());
        if (connection != null) {
            connection.close();
        }
    }

    private static String address(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(address);
    }
}
