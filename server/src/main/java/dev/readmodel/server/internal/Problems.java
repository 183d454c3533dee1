package dev.readmodel.server.internal;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.error.InvalidQueryException;
import dev.readmodel.core.error.ProjectionLockedException;
import dev.readmodel.core.error.ReadModelBehindException;
import dev.readmodel.core.error.ReadModelException;
import dev.readmodel.core.error.StateException;
import dev.readmodel.core.error.StoreException;
import dev.readmodel.core.error.UnknownProjectionException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into an RFC 9457 problem body ({@code application/problem+json}): the caller's
 * mistakes into 4xx naming what was wrong, store outages into 503 with {@code Retry-After}, anything
 * else into a 500 whose body says only that it was logged. Never a stack trace.
 */
public final class Problems {
    /** Where problem type URIs start; the slug follows. */
    public static final String TYPE_BASE = "https://readmodel.dev/problems/";
    /** Seconds a client should wait after a 503. */
    static final String RETRY_AFTER = "5";
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    private Problems() {
    }

    /** The problem for {@code failure}. */
    public static ApiProblem of(Throwable failure) {
        if (failure instanceof ApiProblem problem) {
            return problem;
        }
        if (failure instanceof InvalidQueryException e) {
            return new ApiProblem(400, "invalid-query", "Invalid query", e.getMessage());
        }
        if (failure instanceof UnknownProjectionException e) {
            return ApiProblem.notFound("unknown-name", "Unknown projection or read model", e.getMessage());
        }
        if (failure instanceof ProjectionLockedException e) {
            return new ApiProblem(409, "projection-locked", "Projection runs on another instance", e.getMessage());
        }
        if (failure instanceof StateException e) {
            return new ApiProblem(409, "conflict", "Not possible in the current state", e.getMessage());
        }
        if (failure instanceof ConfigurationException e) {
            return new ApiProblem(409, "not-possible", "Not possible in this configuration", e.getMessage());
        }
        if (failure instanceof ReadModelBehindException e) {
            return new ApiProblem(503, "read-model-behind", "Read model behind", e.getMessage(),
                    Map.of("Retry-After", "1"));
        }
        if (failure instanceof ReadModelException e && e.isTransient()) {
            return new ApiProblem(503, "store-unavailable", "Store unavailable", e.getMessage(),
                    Map.of("Retry-After", RETRY_AFTER));
        }
        if (failure instanceof StoreException e) {
            // the store refused for good: retrying would not help, and its message may hold the store's SQL
            LOG.error("Store refused a request", e);
            return new ApiProblem(500, "store-error", "Store error",
                    "The store refused this request; the failure was logged");
        }
        if (failure instanceof HttpResponseException e) {
            return fromStatus(e.getStatus(), e.getMessage());
        }
        LOG.error("Request failed", failure);
        return new ApiProblem(500, "internal-error", "Internal error",
                "The server failed on this request; the failure was logged");
    }

    /** The problem for a status the HTTP layer set, such as 404 for an unknown path. */
    static ApiProblem fromStatus(int status, String message) {
        return switch (status) {
            case 404 -> ApiProblem.notFound("not-found", "Not found", "No endpoint at this path");
            case 405 -> new ApiProblem(405, "method-not-allowed", "Method not allowed", "This endpoint does not take this method");
            case 413 -> new ApiProblem(413, "request-too-large", "Request too large", "The request body is too large");
            case 414 -> new ApiProblem(414, "query-too-long", "Query string too long", "The request line is too long");
            case 431 -> new ApiProblem(431, "headers-too-large", "Request headers too large", "The request headers are too large");
            default -> status >= 400 && status < 500
                    ? new ApiProblem(status, "bad-request", "Bad request", message == null || message.isBlank()
                            ? "The request could not be read" : clean(message))
                    : new ApiProblem(503, "unavailable", "Unavailable", "The server cannot answer now",
                            Map.of("Retry-After", RETRY_AFTER));
        };
    }

    private static String clean(String message) {
        String text = message.length() > 200 ? message.substring(0, 200) + "..." : message;
        return text.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** The problem body as JSON text. */
    public static byte[] body(ApiProblem problem, String instance) {
        ObjectNode node = JsonOut.mapper().createObjectNode();
        node.put("type", TYPE_BASE + problem.type());
        node.put("title", problem.title());
        node.put("status", problem.status());
        node.put("detail", problem.getMessage());
        if (instance != null) {
            node.put("instance", instance);
        }
        return JsonOut.bytes(node);
    }

    /** Answers {@code ctx} with the problem for {@code failure}. */
    public static void answer(Context ctx, Throwable failure) {
        ApiProblem problem = of(failure);
        ctx.status(problem.status());
        problem.headers().forEach(ctx::header);
        if (problem.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        ctx.contentType("application/problem+json");
        ctx.result(body(problem, ctx.path()));
    }
}
