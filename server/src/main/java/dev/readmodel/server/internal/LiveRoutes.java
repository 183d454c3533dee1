package dev.readmodel.server.internal;

import dev.readmodel.core.change.SubscriptionOptions;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Query;
import dev.readmodel.server.internal.Api.Scope;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Live queries: {@code GET {base}/read-models/{model}/live} with the filters of the document list answers a
 * {@code text/event-stream} of the current answer ({@code result}) and then each document that enters,
 * changes in or leaves it, until a {@code reset}. At most {@code maxLiveQueries} at once, each matching at
 * most {@code maxLiveResult} documents; no order and no page. An open stream holds no request permit, only
 * its live-query place. Thread-safe.
 */
public final class LiveRoutes implements AutoCloseable {
    /** Seconds between keep-alive comments, which also find clients that went away. */
    static final long KEEP_ALIVE_SECONDS = 15;
    private static final List<String> UNSUPPORTED = List.of("order", "limit", "offset", "total");

    private final Api api;
    private final Semaphore places;
    private final Set<LiveQuery> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService keepAlive = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "readmodel-live-keep-alive");
        thread.setDaemon(true);
        return thread;
    });

    /** Live queries over {@code api}. */
    public LiveRoutes(Api api) {
        this.api = api;
        this.places = new Semaphore(api.config.maxLiveQueries());
        keepAlive.scheduleWithFixedDelay(() -> open.forEach(LiveQuery::keepAlive), KEEP_ALIVE_SECONDS,
                KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
    }

    /** Adds the route under {@code base}. */
    public void register(RoutesConfig routes, String base) {
        routes.get(base + "/read-models/{model}/live", api.guarded(Scope.READ, new MinPosition(api).before(this::live)));
    }

    private void live(Context ctx) throws IOException {
        ReadModel model = api.model(ctx.pathParam("model"));
        Params params = new Params(ctx.queryParamMap(), api.config);
        for (String name : UNSUPPORTED) {
            if (ctx.queryParamMap().containsKey(name)) {
                throw ApiProblem.badParameter("Parameter [" + name + "] is not supported by live queries: they follow"
                        + " every matching document, unordered and unpaged; narrow the filters instead");
            }
        }
        int bound = api.config.maxLiveResult();
        Query query = Query.builder().where(params.filters(Params.QUERY).toArray(new Filter[0]))
                .limit(bound + 1).build();
        Query checked = model.check(query);
        if (!places.tryAcquire()) {
            throw new ApiProblem(503, "too-many-live-queries", "Too many live queries", "The server holds at most "
                    + api.config.maxLiveQueries() + " live queries at once; try again later",
                    Map.of("Retry-After", Problems.RETRY_AFTER));
        }
        LiveQuery[] self = new LiveQuery[1];
        LiveQuery live = new LiveQuery(model.name(), model.keyField(), checked.filters(), bound, () -> {
            open.remove(self[0]);
            places.release();
        });
        self[0] = live;
        try {
            // subscribe first, so that nothing committed while the first answer is read is missed
            live.subscribed(api.engine.subscribe(live, SubscriptionOptions.readModels(model.name())));
            long position = api.engine.status(api.projectionOf(model)).checkpoint();
            List<Document> documents = api.engine.query(model.name(), query);
            if (documents.size() > bound) {
                throw ApiProblem.badParameter("The live query on read model [" + model.name() + "] matches more than "
                        + bound + " documents, the most a live query follows: narrow the filters");
            }
            LiveSse sse = LiveSse.open(ctx.res());
            open.add(live);
            ctx.future(live::done);
            live.start(sse, position, documents);
        } catch (IOException | RuntimeException e) {
            live.end();
            throw e;
        }
    }

    /** Ends every open live query (their streams complete) and stops the keep-alives. */
    @Override
    public void close() {
        keepAlive.shutdownNow();
        List.copyOf(open).forEach(LiveQuery::end);
    }
}
