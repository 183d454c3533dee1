package dev.readmodel.benchmarks;

import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Query;
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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Query throughput over HTTP beside the same queries in process: by-id lookups of order summaries on
 * PostgreSQL from 16 concurrent clients, through the query server (HTTP/1.1, one kept-alive connection per
 * client, on the same machine) and through {@code engine.query} directly, in pairs of timed runs. Target: HTTP at least
 * half the in-process rate.
 */
final class ServerBenchmark {
    private static final String SCHEMA = "bench_server";
    static final int CLIENTS = 16;
    private static final Duration RUN = Duration.ofSeconds(5);
    /** The same client threads for every run, so that each keeps its HTTP client and connection. */
    private static final ExecutorService POOL = Executors.newFixedThreadPool(CLIENTS, r -> {
        Thread thread = new Thread(r, "bench-server-client");
        thread.setDaemon(true);
        ServerBenchmark.CPU.client(thread);
        return thread;
    });
    /** CPU per lookup, the figure a shared machine disturbs least: its clients' threads are {@link #POOL}'s. */
    static final CpuClock CPU = new CpuClock();

    private final PostgresConfig config;
    private final long events;
    private final int runs;
    private final PrintStream log;

    ServerBenchmark(PostgresConfig config, long events, int runs, PrintStream log) {
        this.config = config.withSchema(SCHEMA).withMaxPoolSize(CLIENTS + 4);
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
                try (ProjectionEngine engine = ProjectionEngine.builder(store)
                        .register(OrderProjections.orderSummary(), new PostgresReadModelStore(dataSource, SCHEMA),
                                ProjectionMode.CATCH_UP).build()) {
                    engine.start();
                    if (!engine.awaitCaughtUp(Duration.ofMinutes(10))) {
                        throw new IllegalStateException("order summaries did not catch up within 10 minutes");
                    }
                    return measure(engine);
                }
            }
        }
    }

    private List<Result> measure(ProjectionEngine engine) throws Exception {
        List<String> ids = engine.query("order_summaries", Query.builder().orderBy("order_id").limit(10_000).build())
                .stream().map(d -> d.string("order_id")).toList();
        log.printf("server: %,d order summaries to look up by id, %d clients%n", ids.size(), CLIENTS);
        try (QueryServer server = QueryServer.start(engine, QueryServerConfig.builder().serve("order_summaries")
                .maxConcurrentRequests(256).build())) {
            String base = server.url().getPath() + "/read-models/order_summaries/documents/";
            int port = server.port();
            // the load generator's own work done once: each id's path, and the JSON string its answer must hold
            List<String> paths = ids.stream().map(id -> base + URLEncoder.encode(id, StandardCharsets.UTF_8)).toList();
            List<byte[]> quoted = ids.stream().map(id -> ('"' + id + '"').getBytes(StandardCharsets.UTF_8)).toList();
            // one kept-alive connection per client thread
            ThreadLocal<KeepAliveClient> clients = ThreadLocal.withInitial(() -> {
                try {
                    return new KeepAliveClient("127.0.0.1", port);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Lookup overHttp = () -> {
                        int i = ThreadLocalRandom.current().nextInt(ids.size());
                        KeepAliveClient client = clients.get();
                        int status = client.get(paths.get(i));
                        // every answer checked, as the in-process side checks its own: the document asked for, found
                        if (status != 200 || !client.bodyContains(quoted.get(i))) {
                            throw new IllegalStateException("HTTP " + status + " for " + ids.get(i) + ": " + client.body());
                        }
            };
            Lookup inProcess = () -> {
                        String id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
                        List<Document> found = engine.query("order_summaries", Query.builder()
                                .where(Filter.eq("order_id", id)).limit(1).build());
                        if (found.size() != 1) {
                            throw new IllegalStateException("no order " + id);
                        }
            };
            // the HTTP path (Jetty, Javalin, the JSON writer) takes far longer to compile than the in-process one:
            // measured before it settles, the first pairs came out at 0.05 to 0.2
            for (int i = 0; i < 4; i++) {
                log.printf(java.util.Locale.ROOT, "server: warming up, HTTP by-id %,.0f lookups/s, in-process %,.0f lookups/s%n",
                        timed(overHttp), timed(inProcess));
            }
            List<CpuClock.PerOp> httpCpu = new ArrayList<>();
            List<CpuClock.PerOp> inProcessCpu = new ArrayList<>();
            Stats.Paired paired = Stats.paired(runs, log, "server: HTTP by-id", "lookups/s", () -> cpuLogged("HTTP",
                    overHttp, httpCpu), "server: in-process by-id", "lookups/s", () -> cpuLogged("in-process", inProcess,
                    inProcessCpu));
            // the warm-up pair is left out, as Stats.paired leaves it out of the rates
            CpuClock.PerOp http = median(httpCpu.subList(1, httpCpu.size()));
            CpuClock.PerOp local = median(inProcessCpu.subList(1, inProcessCpu.size()));
            log.printf(java.util.Locale.ROOT, "server: median CPU per lookup in this JVM: HTTP %.1f µs (server %.1f,"
                    + " clients %.1f), in-process %.1f µs, in-process/HTTP %.2f; machine-wide: HTTP %.1f µs, in-process"
                    + " %.1f µs, %.2f; context switches per lookup: HTTP %.1f, in-process %.1f%n", http.jvm(),
                    http.server(), http.clients(), local.jvm(), local.jvm() / http.jvm(), http.machine(), local.machine(),
                    local.machine() / http.machine(), http.switches(), local.switches());
            Result row = Result.paired("server: by-id over HTTP vs in-process (postgres, " + CLIENTS + " clients)", events,
                    paired, "in-process lookups/s", 0.5, "HTTP/1.1 keep-alive, one connection per client, loopback; each in-process lookup"
                            + " is engine.query(eq(order_id), limit 1), the server's own query");
            return List.of(new Result(row.scenario(), row.events(), row.figure().replace("events/s", "lookups/s"),
                    row.limit(), row.ratio(), row.target(), row.met(), row.note()));
        }
    }

    /** One request of one client, its answer checked. */
    @FunctionalInterface
    interface Lookup {
        void run() throws Exception;
    }

    /** Each figure's median over {@code runs}. */
    private static CpuClock.PerOp median(List<CpuClock.PerOp> runs) {
        return new CpuClock.PerOp(Stats.median(runs.stream().map(CpuClock.PerOp::jvm).toList()),
                Stats.median(runs.stream().map(CpuClock.PerOp::clients).toList()),
                Stats.median(runs.stream().map(CpuClock.PerOp::machine).toList()),
                Stats.median(runs.stream().map(CpuClock.PerOp::switches).toList()));
    }

    /** {@link #timed}, logging and keeping the run's CPU per lookup. */
    private double cpuLogged(String side, Lookup lookup, List<CpuClock.PerOp> cpu) throws Exception {
        CpuClock.Reading start = CPU.read();
        long[] lookups = new long[1];
        double rate = timedCounting(lookup, lookups);
        CpuClock.PerOp perOp = CPU.read().since(start, lookups[0]);
        cpu.add(perOp);
        log.printf("server: %s %s%n", side, perOp);
        return rate;
    }

    /** Lookups per second of {@link #CLIENTS} threads, each looking up without pause for {@link #RUN}. */
    static double timed(Lookup lookup) throws Exception {
        return timedCounting(lookup, new long[1]);
    }

    /** {@link #timed(Lookup)}, setting {@code lookups[0]} to the number of lookups done. */
    static double timedCounting(Lookup lookup, long[] lookups) throws Exception {
        {
            long start = System.nanoTime();
            long deadline = start + RUN.toNanos();
            List<Future<Long>> counts = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                Callable<Long> client = () -> {
                    long n = 0;
                    while (System.nanoTime() < deadline) {
                        lookup.run();
                        n++;
                    }
                    return n;
                };
                counts.add(POOL.submit(client));
            }
            long total = 0;
            for (Future<Long> count : counts) {
                total += count.get();
            }
            lookups[0] = total;
            return total * 1e9 / (System.nanoTime() - start);
        }
    }
}
