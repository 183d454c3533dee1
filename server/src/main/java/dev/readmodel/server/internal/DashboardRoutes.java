package dev.readmodel.server.internal;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operations dashboard: a page ({@code /dashboard}) and its script and style ({@code /dashboard/{asset}}),
 * read once from the jar. The page itself is open, as it holds no data: it asks the operator for the operations
 * token and sends it on every call it makes. Every answer carries a Content-Security-Policy that allows only
 * this server's own script, style and endpoints, so no inline script or injected markup can run.
 */
public final class DashboardRoutes {
    /** Scripts and styles from this server only, calls to it only, no frames, no forms, no plugins. */
    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final String FOLDER = "/dev/readmodel/server/dashboard/";
    /** The page's ES modules: dashboard.js imports the others. */
    private static final List<String> SCRIPTS = List.of("dashboard.js", "card.js", "feed.js", "http.js");

    private final byte[] page;
    private final Map<String, Asset> assets;

    /** One file served: its bytes and content type. */
    private record Asset(byte[] bytes, String contentType) {
    }

    /** The dashboard for a server whose endpoints are under {@code base} (a checked base path). */
    public DashboardRoutes(String base) {
        // the base path is checked to be URL-safe segments, so it needs no escaping in the page
        this.page = new String(read("index.html"), StandardCharsets.UTF_8).replace("{{base}}", base)
                .getBytes(StandardCharsets.UTF_8);
        Map<String, Asset> files = new LinkedHashMap<>();
        for (String script : SCRIPTS) {
            files.put(script, new Asset(read(script), "text/javascript; charset=utf-8"));
        }
        files.put("dashboard.css", new Asset(read("dashboard.css"), "text/css; charset=utf-8"));
        this.assets = Map.copyOf(files);
    }

    private static byte[] read(String name) {
        try (InputStream in = DashboardRoutes.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("The dashboard's [" + name + "] is missing from the jar at [" + FOLDER + "]");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the dashboard's [" + name + "] from the jar", e);
        }
    }

    /** Adds the routes under {@code base}. */
    public void register(RoutesConfig routes, String base) {
        routes.get(base + "/dashboard", ctx -> answer(ctx, page, "text/html; charset=utf-8"));
        routes.get(base + "/dashboard/{asset}", ctx -> {
            Asset asset = assets.get(ctx.pathParam("asset"));
            if (asset == null) {
                throw ApiProblem.notFound("not-found", "Not found", "The dashboard has no file ["
                        + Text.shorten(ctx.pathParam("asset")) + "]; it serves " + assets.keySet().stream().sorted().toList());
            }
            answer(ctx, asset.bytes(), asset.contentType());
        });
    }

    private static void answer(Context ctx, byte[] body, String contentType) {
        ctx.header("Content-Security-Policy", POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType(contentType);
        ctx.result(body);
    }
}
