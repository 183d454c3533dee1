package dev.readmodel.server.internal;

import dev.readmodel.micrometer.ReadModelMetrics;
import dev.readmodel.server.internal.Api.Scope;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code GET <base>/metrics}: the engine's meters (and those of a shared registry) for Prometheus, in its text
 * format 0.0.4, or OpenMetrics 1.0 when the scraper's {@code Accept} asks for it. Read scope. Closing unbinds
 * the engine's meters, and closes the registry when the server made it.
 */
public final class MetricsRoutes implements AutoCloseable {
    /** Prometheus' text format, what a scrape gets unless it asks for OpenMetrics. */
    static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    /** OpenMetrics 1.0 text. */
    static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final Api api;
    private final PrometheusMeterRegistry registry;
    private final boolean owned;
    private final ReadModelMetrics metrics;

    private MetricsRoutes(Api api, PrometheusMeterRegistry registry, boolean owned) {
        this.api = api;
        this.registry = registry;
        this.owned = owned;
        this.metrics = ReadModelMetrics.bind(api.engine, registry);
    }

    /** Binds {@code api}'s engine to {@code shared}, or to a registry of the server's own when empty. */
    public static MetricsRoutes bind(Api api, Optional<PrometheusMeterRegistry> shared) {
        return shared.map(r -> new MetricsRoutes(api, r, false))
                .orElseGet(() -> new MetricsRoutes(api, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), true));
    }

    /** Adds the route under {@code base}. */
    public void register(RoutesConfig routes, String base) {
        routes.get(base + "/metrics", api.guarded(Scope.READ, this::scrape));
    }

    private void scrape(Context ctx) {
        String accept = ctx.header("Accept");
        String type = accept != null && accept.contains("application/openmetrics-text") ? OPEN_METRICS : TEXT;
        byte[] body = registry.scrape(type).getBytes(StandardCharsets.UTF_8);
        ctx.status(200);
        ctx.contentType(type);
        HttpServletResponse response = ctx.res();
        response.setContentLength(body.length);
        try {
            response.getOutputStream().write(body);
        } catch (IOException e) {
            // the scraper went away: nothing is left to answer
        }
    }

    /** Removes the engine's meters; closes the registry when the server made it. */
    @Override
    public void close() {
        metrics.close();
        if (owned) {
            registry.close();
        }
    }
}
