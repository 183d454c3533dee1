package dev.readmodel.benchmarks;

import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.query.Aggregation;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.status.QueryCacheStats;
import dev.readmodel.examples.history.EventLoader;
import dev.readmodel.examples.history.HistoryGenerator;
import dev.readmodel.examples.orders.OrderProjections;
import dev.readmodel.postgres.PostgresConfig;
import dev.readmodel.postgres.PostgresEventStore;
import dev.readmodel.postgres.PostgresReadModelStore;
import dev.readmodel.server.QueryServer;
import dev.readmodel.server.QueryServerConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Repeated queries over HTTP with the engine's query cache on beside the same server with it off: two
 * engines over the same order summaries on PostgreSQL, each behind its own query server (same server
 * config), 16 kept-alive clients, in pairs of timed runs. Two variants: a handful of list queries (orders
 * of one status, by total descending, 50 a page) and by-id lookups. No appends during the runs, so that
 * the cache is measured steady: the figure is what repeated reads gain, not how commits invalidate.
 */
final class QueryCacheBenchmark {
    private static final String SCHEMA = "bench_query_cache";
    private static final String MODEL = "order_summaries";
    private static final int CACHE_SIZE = 20_000;
    private static final int IDS = 10_000;
    private static final List<String> STATUSES = List.of("pending", "shipped", "completed", "cancelled");

    private final PostgresConfig config;
    private final long events;
    private final int runs;
    private final PrintStream log;

    QueryCacheBenchmark(PostgresConfig config, long events, int runs, PrintStream log) {
        this.config = config.withSchema(SCHEMA).withMaxPoolSize(2 * ServerBenchmark.CLIENTS + 4);
        this.events = events;
        this.runs = runs;
        this.log = log;
    }

    List<Result> run() throws Exception {
        try (HikariDataSource dataSource = config.dataSource()) {
            Schemas.drop(dataSource, SCHEMA);
            try (PostgresEventStore store = new PostgresEventStore(dataSource, SCHEMA)) {
                EventLoader.load(store, new HistoryGenerator(HistoryGenerator.Options.of(events, 42)
                        .only(HistoryGenerator.Domain.ORDERS)), 2_000, n -> { });
                PostgresReadModelStore documents = new PostgresReadModelStore(dataSource, SCHEMA);
                // the same read model behind both engines; the first catches it up, the second finds it caught up
                try (ProjectionEngine uncached = engine(store, documents, EngineConfig.DEFAULT);
                        ProjectionEngine cached = engine(store, documents, EngineConfig.DEFAULT.withQueryCacheSize(CACHE_SIZE))) {
                    return measure(uncached, cached);
                }
            }
        }
    }

    private static ProjectionEngine engine(PostgresEventStore store, PostgresReadModelStore documents, EngineConfig config)
            throws InterruptedException {
        ProjectionEngine engine = ProjectionEngine.builder(store).config(config)
                .register(OrderProjections.orderSummary(), documents, ProjectionMode.CATCH_UP).build();
        engine.start();
        if (!engine.awaitCaughtUp(Duration.ofMinutes(10))) {
            engine.close();
            throw new IllegalStateException("order summaries did not catch up within 10 minutes");
        }
        return engine;
    }

    private List<Result> measure(ProjectionEngine uncached, ProjectionEngine cached) throws Exception {
        long orders = uncached.aggregate(MODEL, Aggregation.builder().count("n").build()).get(0).longValue("n", 0);
        QueryServerConfig serverConfig = QueryServerConfig.builder().serve(MODEL).maxConcurrentRequests(256).build();
        try (QueryServer off = QueryServer.start(uncached, serverConfig);
                QueryServer on = QueryServer.start(cached, serverConfig)) {
            List<Result> results = new ArrayList<>();
            results.add(compare("list", orders, listQueries(uncached, off), listQueries(cached, on), uncached, cached,
                    "GET documents?status=S&order=-total_amount&limit=50 for the " + STATUSES.size() + " statuses, at random"));
            results.add(compare("by-id", orders, byId(uncached, off), byId(cached, on), uncached, cached,
                    "GET documents/{id} of " + IDS + " orders at random"));
            return results;
        }
    }

    /** The list queries, each answer checked against the top order found in process. */
    private static Target listQueries(ProjectionEngine engine, QueryServer server) {
        String base = server.url().getPath() + "/read-models/" + MODEL + "/documents?order=-total_amount&limit=50&status=";
        List<Request> requests = new ArrayList<>();
        for (String status : STATUSES) {
            List<Document> top = engine.query(MODEL, Query.builder().where(Filter.eq("status", status))
                    .orderBy("-total_amount").limit(50).build());
            if (top.isEmpty()) {
                throw new IllegalStateException("no " + status + " orders to query");
            }
            requests.add(new Request(base + status, top.get(0).string("order_id")));
        }
        return new Target(server.port(), requests);
    }

    private static Target byId(ProjectionEngine engine, QueryServer server) {
        String base = server.url().getPath() + "/read-models/" + MODEL + "/documents/";
        return new Target(server.port(), engine.query(MODEL, Query.builder().orderBy("order_id").limit(IDS).build()).stream()
                .map(d -> d.string("order_id"))
                .map(id -> new Request(base + URLEncoder.encode(id, StandardCharsets.UTF_8), id)).toList());
    }

    /** A path to GET and the id its answer must hold. */
    private record Request(String path, String id, byte[] quoted) {
        Request(String path, String id) {
            this(path, id, ('"' + id + '"').getBytes(StandardCharsets.UTF_8));
        }
    }

    private Result compare(String variant, long orders, Target off, Target on, ProjectionEngine uncached,
            ProjectionEngine cached, String what)
            throws Exception {
        ServerBenchmark.Lookup withCache = on.lookup();
        ServerBenchmark.Lookup withoutCache = off.lookup();
        String label = "query cache " + variant;
        // the HTTP path takes ~15 s of JIT to settle (see the server scenario)
        for (int i = 0; i < 3; i++) {
            log.printf(Locale.ROOT, "%s: warming up, cached %,.0f queries/s, uncached %,.0f queries/s%n", label,
                    ServerBenchmark.timed(withCache), ServerBenchmark.timed(withoutCache));
        }
        QueryCacheStats before = cached.status().get(0).queryCache();
        Stats.Paired paired = Stats.paired(runs, log, label + " on", "queries/s", () -> ServerBenchmark.timed(withCache),
                label + " off", "queries/s", () -> ServerBenchmark.timed(withoutCache));
        QueryCacheStats after = cached.status().get(0).queryCache();
        long hits = after.hits() - before.hits();
        long misses = after.misses() - before.misses();
        log.printf(Locale.ROOT, "%s: cache %,d hits, %,d misses during the timed runs, %,d entries%n", label, hits,
                misses, after.entries());
        if (hits == 0) {
            throw new IllegalStateException(label + ": the cache served no answer; its figure would be the uncached one");
        }
        if (uncached.status().get(0).queryCache().hits() != 0) {
            throw new IllegalStateException(label + ": the engine without a query cache served from one");
        }
        double target = variant.equals("list") ? 10 : 1;
        Result row = Result.paired("query cache on vs off, " + variant + " over HTTP (postgres, " + ServerBenchmark.CLIENTS
                + " clients)", events, paired, "uncached queries/s", target, String.format(Locale.ROOT, "%,d order summaries;"
                + " %s; same server config, one kept-alive connection per client, every answer checked (200 and the"
                + " order id expected); no appends during the runs; cache %,d hits / %,d misses in the timed runs", orders,
                what, hits, misses));
        return new Result(row.scenario(), row.events(), row.figure().replace("events/s", "queries/s"), row.limit(),
                row.ratio(), row.target(), row.met(), row.note());
    }

    /** The requests of one variant against one server. */
    private record Target(int port, List<Request> requests) {
        /** One client's request at random, over its thread's own kept-alive connection, its answer checked. */
        ServerBenchmark.Lookup lookup() {
            ThreadLocal<KeepAliveClient> clients = ThreadLocal.withInitial(() -> {
                try {
                    return new KeepAliveClient("127.0.0.1", port);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return () -> {
                Request request = requests.get(ThreadLocalRandom.current().nextInt(requests.size()));
                KeepAliveClient client = clients.get();
                int status = client.get(request.path());
                if (status != 200 || !client.bodyContains(request.quoted())) {
                    throw new IllegalStateException("HTTP " + status + " for " + request.path() + ": " + client.body());
                }
            };
        }
    }
}
