package dev.readmodel.server.internal;

import dev.readmodel.core.model.ReadModel;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Read-your-writes over HTTP. A read that names a minimum position ({@value #HEADER} header or
 * {@code minPosition} parameter, with an optional {@code maxWait} in milliseconds) waits until the projection
 * owning the read model has committed it, and is refused 503 {@code read-model-behind} with
 * {@code Retry-After} if it has not within the wait. Every read answers with {@value #POSITION_HEADER}: the
 * owning projection's checkpoint as the read started, which the answer includes, so a client can chain
 * reads. Thread-safe.
 */
public final class MinPosition {
    /** The request header naming the position an answer must include. */
    public static final String HEADER = "Readmodel-Min-Position";
    /** The answer header carrying the checkpoint the answer includes. */
    public static final String POSITION_HEADER = "Readmodel-Position";
    /** The query parameters this class reads, which are therefore never filters. */
    static final Set<String> PARAMETERS = Set.of("minPosition", "maxWait");
    /** Seconds a client should wait after a read-model-behind refusal: projections catch up quickly. */
    private static final String RETRY_AFTER = "1";

    private final Api api;

    /** The wait over {@code api}'s engine and configuration. */
    public MinPosition(Api api) {
        this.api = api;
    }

    /** {@code handler} for an endpoint on {@code {model}}, run once the read model has reached the position asked. */
    public Handler before(Handler handler) {
        return ctx -> {
            await(ctx, api.model(ctx.pathParam("model")));
            handler.handle(ctx);
        };
    }

    /**
     * Waits for the position {@code ctx} asks of {@code model}, then sets {@value #POSITION_HEADER}.
     *
     * @throws ApiProblem 400 for a bad value, 503 when the read model did not reach the position in time
     */
    void await(Context ctx, ReadModel model) throws InterruptedException {
        Params params = new Params(ctx.queryParamMap(), api.config);
        long position = position(ctx.header(HEADER), params.one("minPosition"));
        Duration wait = maxWait(params.one("maxWait"));
        String projection = api.projectionOf(model);
        if (position > 0 && api.events.isPresent() && position > api.events.get().head().position()) {
            // no append has reached it: waiting would only hold a request place for nothing
            throw ApiProblem.badParameter("Invalid minimum position [" + position + "]: the newest event is at ["
                    + api.events.get().head().position() + "]");
        }
        if (position > 0 && !api.engine.awaitPosition(projection, position, wait)) {
            long reached = api.engine.status(projection).checkpoint();
            throw new ApiProblem(503, "read-model-behind", "Read model behind", "Read model [" + model.name()
                    + "] of projection [" + projection + "] has not reached position [" + position + "] within "
                    + wait.toMillis() + " ms: its checkpoint is [" + reached + "]", Map.of("Retry-After", RETRY_AFTER));
        }
        ctx.header(POSITION_HEADER, Long.toString(answered(projection, position)));
    }

    /**
     * The {@value #POSITION_HEADER} of a read of {@code projection}'s read model that asked for {@code position}
     * (0 for none) and has waited for it: what the answer is sure to include, the checkpoint once the store shows
     * it (a store that shows catch-up batches only with the next one to reach the head may not yet), and at least
     * the position waited for.
     */
    long answered(String projection, long position) {
        return Math.max(position, api.engine.readablePosition(projection));
    }

    private static long position(String header, String parameter) {
        if (header != null && parameter != null) {
            throw ApiProblem.badParameter("Both header [" + HEADER + "] and parameter [minPosition] are given: give one");
        }
        if (header != null) {
            return whole(header, "header [" + HEADER + "]");
        }
        return parameter == null ? 0 : whole(parameter, "minPosition");
    }

    private Duration maxWait(String text) {
        Duration bound = api.config.maxConsistencyWait();
        if (text == null) {
            return bound;
        }
        long millis = whole(text, "maxWait");
        if (millis > bound.toMillis()) {
            throw ApiProblem.badParameter("Invalid maxWait [" + millis + "]: expected 0 to " + bound.toMillis()
                    + " milliseconds");
        }
        return Duration.ofMillis(millis);
    }

    private static long whole(String text, String what) {
        long value;
        try {
            value = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw ApiProblem.badParameter("Invalid " + what + " [" + Text.shorten(text) + "]: expected a whole number");
        }
        if (value < 0) {
            throw ApiProblem.badParameter("Invalid " + what + " [" + value + "]: expected 0 or more");
        }
        return value;
    }
}
