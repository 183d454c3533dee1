package dev.readmodel.server.internal;

import dev.readmodel.core.change.SubscriptionOptions;
import dev.readmodel.core.error.ReadModelException;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Consistency;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Query;
import dev.readmodel.server.internal.Api.Scope;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * Live queries: {@code GET {base}/read-models/{model}/live} with the filters of the document list answers a
 * {@code text/event-stream} of the current answer ({@code result}) and then each document that enters,
 * changes in or leaves it, until a {@code reset}. At most {@code maxLiveQueries} at once, each matching at
 * most {@code maxLiveResult} documents; no order and no page. {@code .../live/ws} sends the same events as
 * WebSocket text frames, refusing before the upgrade what the stream refuses before it starts, except a first
 * answer beyond the bound (known only once read: a policy-violation close). An open stream holds no request
 * permit, only its live-query place. Thread-safe.
 */
public final class LiveRoutes implements AutoCloseable {
    /** Seconds between keep-alive comments, which also find clients that went away. */
    static final long KEEP_ALIVE_SECONDS = 15;
    private static final System.Logger LOG = System.getLogger(LiveRoutes.class.getName());
    private static final List<String> UNSUPPORTED = List.of("order", "limit", "offset", "total");

    private final Api api;
    private final Semaphore places;
    private final Set<LiveQuery> open = ConcurrentHashMap.newKeySet();
    /** The live query of each open WebSocket, by session id. */
    private final Map<String, LiveQuery> sockets = new ConcurrentHashMap<>();
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

    /** Adds the routes under {@code base}: the SSE stream and its WebSocket twin. */
    public void register(RoutesConfig routes, String base) {
        MinPosition minPosition = new MinPosition(api);
        routes.get(base + "/read-models/{model}/live", api.guarded(Scope.READ, minPosition.before(this::live)));
        String ws = base + "/read-models/{model}/live/ws";
        // every refusal the stream answers before it starts, answered before the upgrade
        routes.wsBeforeUpgrade(ws, api.guarded(Scope.READ, minPosition.before(ctx -> {
            asked(ctx.pathParam("model"), ctx.queryParamMap());
            if (places.availablePermits() == 0) {
                throw tooMany();
            }
        })));
        routes.ws(ws, this::socket);
    }

    /** What a live query asks, checked: its read model, and the query reading one more than the bound. */
    private record Asked(ReadModel model, Query query, List<Filter> filters) {
    }

    /** The first answer: the documents as of the position. */
    private record First(long position, List<Document> documents) {
    }

    private Asked asked(String name, Map<String, List<String>> parameters) {
        ReadModel model = api.model(name);
        Params params = new Params(parameters, api.config);
        for (String unsupported : UNSUPPORTED) {
            if (parameters.containsKey(unsupported)) {
                throw ApiProblem.badParameter("Parameter [" + unsupported + "] is not supported by live queries: they"
                        + " follow every matching document, unordered and unpaged; narrow the filters instead");
            }
        }
        Query query = Query.builder().where(params.filters(Params.QUERY).toArray(new Filter[0]))
                .limit(api.config.maxLiveResult() + 1).build();
        return new Asked(model, query, model.check(query).filters());
    }

    private ApiProblem tooMany() {
        return new ApiProblem(503, "too-many-live-queries", "Too many live queries", "The server holds at most "
                + api.config.maxLiveQueries() + " live queries at once; try again later",
                Map.of("Retry-After", Problems.RETRY_AFTER));
    }

    /** A live query holding a place, which it frees when it ends. */
    private LiveQuery placed(Asked asked) {
        LiveQuery[] self = new LiveQuery[1];
        self[0] = new LiveQuery(asked.model().name(), asked.model().keyField(), asked.filters(),
                api.config.maxLiveResult(), () -> {
                    open.remove(self[0]);
                    places.release();
                });
        return self[0];
    }

    /** Subscribes {@code live}, then reads its first answer, so that nothing committed in between is missed. */
    private First first(LiveQuery live, Asked asked) throws InterruptedException {
        ReadModel model = asked.model();
        live.subscribed(api.engine.subscribe(live, SubscriptionOptions.readModels(model.name())));
        long position = api.engine.status(api.projectionOf(model)).checkpoint();
        // the answer must include everything up to that position: on a store that shows a catch-up batch only
        // with the next one to reach the head, a commit it leaves out would never come as a change
        List<Document> documents = api.engine.query(model.name(), asked.query(),
                Consistency.atLeast(position, api.config.maxConsistencyWait()));
        int bound = api.config.maxLiveResult();
        if (documents.size() > bound) {
            throw ApiProblem.badParameter("The live query on read model [" + model.name() + "] matches more than "
                    + bound + " documents, the most a live query follows: narrow the filters");
        }
        return new First(position, documents);
    }

    private void live(Context ctx) throws IOException, InterruptedException {
        Asked asked = asked(ctx.pathParam("model"), ctx.queryParamMap());
        if (!places.tryAcquire()) {
            throw tooMany();
        }
        LiveQuery live = placed(asked);
        try {
            First first = first(live, asked);
            LiveSse sse = LiveSse.open(ctx.res());
            open.add(live);
            ctx.future(live::done);
            live.start(sse, first.position(), first.documents());
        } catch (IOException | InterruptedException | RuntimeException e) {
            live.end();
            throw e;
        }
    }

    private void socket(WsConfig ws) {
        ws.onConnect(ctx -> {
            Asked asked = asked(ctx.pathParam("model"), ctx.queryParamMap());
            if (!places.tryAcquire()) { // the place checked before the upgrade was taken since
                ctx.closeSession(StatusCode.TRY_AGAIN_LATER, LiveWs.reason(tooMany().getMessage()));
                return;
            }
            LiveQuery live = placed(asked);
            sockets.put(ctx.sessionId(), live);
            try {
                First first = first(live, asked);
                open.add(live);
                live.start(new LiveWs(ctx.session), first.position(), first.documents());
            } catch (ApiProblem refused) { // more matching documents than the bound: known only once read
                live.end();
                ctx.closeSession(StatusCode.POLICY_VIOLATION, LiveWs.reason(refused.getMessage()));
            } catch (RuntimeException e) { // the store failed: the client learns no more than SSE's problem says
                live.end();
                LOG.log(System.Logger.Level.WARNING, "Live query on [" + asked.model().name() + "] could not start", e);
                boolean transientFailure = e instanceof ReadModelException failure && failure.isTransient();
                ctx.closeSession(transientFailure ? StatusCode.TRY_AGAIN_LATER : StatusCode.SERVER_ERROR,
                        "The live query could not start" + (transientFailure ? ": try again later" : ""));
            }
        });
        ws.onClose(this::closed);
        ws.onError(this::closed);
    }

    private void closed(WsContext ctx) {
        LiveQuery live = sockets.remove(ctx.sessionId());
        if (live != null) {
            live.end();
        }
    }

    /** Ends every open live query (their streams complete) and stops the keep-alives. */
    @Override
    public void close() {
        keepAlive.shutdownNow();
        List.copyOf(open).forEach(LiveQuery::end);
    }
}
