package dev.readmodel.server;

import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.event.EventStore;
import dev.readmodel.core.health.HealthCheck;
import dev.readmodel.server.internal.Api;
import dev.readmodel.server.internal.ApiProblem;
import dev.readmodel.server.internal.ByIdShortcut;
import dev.readmodel.server.internal.Cors;
import dev.readmodel.server.internal.DashboardRoutes;
import dev.readmodel.server.internal.FeedHub;
import dev.readmodel.server.internal.FeedRoutes;
import dev.readmodel.server.internal.HealthRoutes;
import dev.readmodel.server.internal.JsonOut;
import dev.readmodel.server.internal.LiveRoutes;
import dev.readmodel.server.internal.MetricsRoutes;
import dev.readmodel.server.internal.OpenApi;
import dev.readmodel.server.internal.OperationRoutes;
import dev.readmodel.server.internal.ProblemErrorHandler;
import dev.readmodel.server.internal.Problems;
import dev.readmodel.server.internal.ReadRoutes;
import dev.readmodel.server.internal.RebuildJobs;
import dev.readmodel.server.internal.UntrackedSessions;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.HttpResponseException;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jetty.server.Handler;

/**
 * The read side over HTTP: serves a {@link ProjectionEngine}'s read models as a JSON API described by the
 * OpenAPI document at {@code <base>/openapi.json}, with the history of event streams, the engine's metrics
 * for Prometheus at {@code <base>/metrics}, health at {@code <base>/health} and, behind a token, operations.
 * Embeddable: {@link #start} in your application, {@link #close()} when it stops; runs on Javalin 7 (Jetty 12)
 * with threads of its own. Thread-safe.
 *
 * <p>Every read takes a minimum position ({@code Readmodel-Min-Position} or {@code minPosition}, with
 * {@code maxWait}) and answers with the checkpoint it includes ({@code Readmodel-Position}); a live query
 * ({@code /read-models/{model}/live}) streams a read model's matching documents as they change.
 *
 * <p>Read models' changes are pushed as they commit, over SSE ({@code <base>/read-models/{name}/changes}) or
 * WebSocket ({@code .../changes/ws}), resumable from a position within a window (see {@link FeedConfig}).
 *
 * <p>Every caller mistake is answered 4xx with an RFC 9457 problem body ({@code application/problem+json})
 * naming what was wrong; store outages 503 with {@code Retry-After}; never a stack trace. See
 * {@link QueryServerConfig} for what is allowed by default.
 *
 * <pre>{@code
 * try (QueryServer server = QueryServer.start(engine, events, QueryServerConfig.builder()
 *         .port(8080).serve("order_summaries").operationsToken(System.getenv("OPS_TOKEN")).build())) {
 *     System.out.println("serving at " + server.url());
 *     server.awaitStop();
 * }
 * }</pre>
 */
public final class QueryServer implements AutoCloseable {
    private final Javalin app;
    private final RebuildJobs rebuilds;
    private final Optional<MetricsRoutes> metrics;
    private final LiveRoutes live;
    private final FeedHub feeds;
    private final QueryServerConfig config;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private QueryServer(Javalin app, RebuildJobs rebuilds, Optional<MetricsRoutes> metrics, LiveRoutes live,
            FeedHub feeds, QueryServerConfig config) {
        this.app = app;
        this.rebuilds = rebuilds;
        this.metrics = metrics;
        this.live = live;
        this.feeds = feeds;
        this.config = config;
    }

    /**
     * Serves {@code engine} without history (no event store).
     *
     * @throws ConfigurationException when the port cannot be bound
     */
    public static QueryServer start(ProjectionEngine engine, QueryServerConfig config) {
        return start(engine, null, config);
    }

    /**
     * Serves {@code engine}, with the history of streams read from {@code events} (may be {@code null}
     * for none). The engine need not be started; it is not closed with the server.
     *
     * @throws ConfigurationException when the port cannot be bound
     */
    public static QueryServer start(ProjectionEngine engine, EventStore events, QueryServerConfig config) {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(config, "config");
        Api api = new Api(engine, config, Optional.ofNullable(events));
        RebuildJobs rebuilds = new RebuildJobs(engine);
        Optional<MetricsRoutes> metrics = config.metrics()
                ? Optional.of(MetricsRoutes.bind(api, config.meterRegistry())) : Optional.empty();
        LiveRoutes live = new LiveRoutes(api);
        FeedHub feeds = new FeedHub(api);
        Javalin app = null;
        try {
            app = create(engine, config, api, rebuilds, metrics, live, feeds);
            feeds.start();
            app.start();
        } catch (RuntimeException e) {
            feeds.close();
            rebuilds.close();
            metrics.ifPresent(MetricsRoutes::close);
            live.close();
            if (app != null) {
                app.stop(); // a half-started server holds threads
            }
            throw new ConfigurationException("Cannot start the query server on [" + config.host() + ":" + config.port()
                    + "]: " + e.getMessage(), e);
        }
        return new QueryServer(app, rebuilds, metrics, live, feeds, config);
    }

    private static Javalin create(ProjectionEngine engine, QueryServerConfig config, Api api, RebuildJobs rebuilds,
            Optional<MetricsRoutes> metrics, LiveRoutes live, FeedHub feeds) {
        String base = config.basePath();
        return Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.http.maxRequestSize = config.maxRequestBytes();
            // answers are small JSON; compressing them cost more CPU than it saved on the by-id benchmark
            c.http.compressionStrategy = uncompressed();
            c.jetty.host = config.host();
            c.jetty.port = config.port();
            c.jetty.modifyServer(server -> {
                server.setErrorHandler(new ProblemErrorHandler());
                // inside the StatisticsHandler Javalin wraps requests in; Javalin puts its servlet context inside it
                if (server.getHandler() instanceof Handler.Wrapper outer) {
                    outer.setHandler(new ByIdShortcut(api, base));
                } else {
                    server.setHandler(new ByIdShortcut(api, base));
                }
            });
            c.jetty.modifyServletContextHandler(UntrackedSessions::apply);
            c.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                // the request line must fit the query bound, so that a long one gets our 414, not Jetty's
                http.setRequestHeaderSize(Math.max(8 * 1024, config.maxQueryLength() + 4 * 1024));
            });
            Cors cors = new Cors(config.corsOrigins());
            if (cors.enabled()) {
                c.routes.before(cors::headers);
                c.routes.options(base + "/*", cors::preflight);
            }
            c.routes.get(base + "/openapi.json", ctx -> {
                ctx.contentType("application/json");
                ctx.result(JsonOut.bytes(OpenApi.document(api, base)));
            });
            new ReadRoutes(api).register(c.routes, base);
            new OperationRoutes(api, rebuilds).register(c.routes, base);
            new HealthRoutes(api, HealthCheck.of(engine, config.health())).register(c.routes, base);
            metrics.ifPresent(m -> m.register(c.routes, base));
            live.register(c.routes, base);
            new FeedRoutes(api, feeds).register(c.routes, base);
            new DashboardRoutes(base).register(c.routes, base);
            c.routes.exception(HttpResponseException.class, (e, ctx) -> Problems.answer(ctx, e));
            c.routes.exception(Exception.class, (e, ctx) -> Problems.answer(ctx, e));
            c.routes.error(404, ctx -> {
                if (!"application/problem+json".equals(ctx.res().getContentType())) {
                    Problems.answer(ctx, ApiProblem.notFound("not-found", "Not found", "No endpoint at this path"));
                }
            });
        });
    }

    /**
     * No compression, and no per-answer check for it. Javalin's shared {@code CompressionStrategy.NONE} has
     * no compressor, yet still matches every answer's content type against its excluded types, each a
     * case-insensitive substring search (a fifth of the server's CPU per by-id lookup). A strategy of our own,
     * so the shared one is not changed, with nothing to exclude and no answer large enough to be compressed.
     */
    private static CompressionStrategy uncompressed() {
        CompressionStrategy none = new CompressionStrategy();
        none.setExcludedMimeTypes(List.of());
        none.setDefaultMinSizeForCompression(Integer.MAX_VALUE);
        return none;
    }

    /** The port listened on (the one picked when the configuration said 0). */
    public int port() {
        return app.port();
    }

    /** The base URL, such as {@code http://127.0.0.1:8080/api}. */
    public URI url() {
        return URI.create("http://" + config.host() + ":" + port() + config.basePath());
    }

    /** Blocks until {@link #close()} is called (from another thread or a shutdown hook). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /**
     * Stops listening, ends every change feed and live query and the engine subscriptions behind them, lets
     * running requests finish, cancels rebuilds started over HTTP, removes the engine's meters. Safe to call twice.
     */
    @Override
    public void close() {
        if (stopped.getCount() == 0) {
            return;
        }
        try {
            live.close(); // open streams first: stopping waits for running requests
            feeds.close();
            app.stop();
            rebuilds.close();
            metrics.ifPresent(MetricsRoutes::close);
        } finally {
            stopped.countDown();
        }
    }
}
