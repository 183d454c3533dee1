package dev.readmodel.benchmarks;

import dev.readmodel.clickhouse.ClickHouseConfig;
import dev.readmodel.clickhouse.ClickHouseReadModelStore;
import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.engine.RebuildOptions;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.elastic.ElasticConfig;
import dev.readmodel.elastic.ElasticReadModelStore;
import dev.readmodel.postgres.PostgresConfig;
import dev.readmodel.postgres.PostgresReadModelStore;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The same events into PostgreSQL, ClickHouse and Elasticsearch at once: one engine, one projection per
 * store, the three rebuilt together, beside each rebuilt alone in the same round. Fan-out should cost
 * little more than the slowest store alone.
 */
final class FanOutBenchmark {
    private static final List<String> PROJECTIONS = List.of("meters-postgres", "meters-clickhouse", "meters-elastic");

    private final PostgresConfig postgres;
    private final ClickHouseConfig clickhouse;
    private final ElasticConfig elastic;
    private final long events;
    private final int runs;
    private final PrintStream log;

    FanOutBenchmark(PostgresConfig postgres, ClickHouseConfig clickhouse, ElasticConfig elastic, long events, int runs,
            PrintStream log) {
        this.postgres = postgres.withSchema("bench_fanout").withMaxPoolSize(4);
        this.clickhouse = clickhouse;
        this.elastic = elastic;
        this.events = events;
        this.runs = runs;
        this.log = log;
    }

    List<Result> run() throws Exception {
        InMemoryEventStore store = new InMemoryEventStore();
        int meters = (int) Math.max(1, events / 5);
        long loaded = Meters.append(store, events, meters);
        log.printf("fan-out: %,d readings of %,d meters in memory%n", loaded, meters);
        try (HikariDataSource dataSource = postgres.dataSource();
                ClickHouseReadModelStore clickhouseStore = new ClickHouseReadModelStore(clickhouse);
                ElasticReadModelStore elasticStore = new ElasticReadModelStore(elastic);
                ProjectionEngine engine = ProjectionEngine.builder(store)
                        .config(EngineConfig.DEFAULT.withRebuildBatchSize(50_000))
                        .register(Meters.projection(PROJECTIONS.get(0), Meters.model("meters_postgres")), new PostgresReadModelStore(dataSource, "bench_fanout"),
                                ProjectionMode.CATCH_UP)
                        .register(Meters.projection(PROJECTIONS.get(1), Meters.model("meters_clickhouse")), clickhouseStore, ProjectionMode.CATCH_UP)
                        .register(Meters.projection(PROJECTIONS.get(2), Meters.model("meters_elastic")), elasticStore, ProjectionMode.CATCH_UP).build()) {
            List<Double> ratios = new ArrayList<>();
            List<Double> fanOutRates = new ArrayList<>();
            List<Double> slowestRates = new ArrayList<>();
            String slowestName = "";
            for (int run = 0; run <= runs; run++) {
                double slowest = Double.MAX_VALUE;
                for (String projection : PROJECTIONS) {
                    double rate = loaded * 1e9 / engine.rebuild(projection, RebuildOptions.TRUNCATE).elapsed().toNanos();
                    log.printf(Locale.ROOT, "fan-out: %s alone %s %,.0f events/s%n", projection, label(run), rate);
                    if (rate < slowest) {
                        slowest = rate;
                        slowestName = projection;
                    }
                }
                long started = System.nanoTime();
                CompletableFuture.allOf(PROJECTIONS.stream().map(p -> CompletableFuture.runAsync(
                        () -> engine.rebuild(p, RebuildOptions.TRUNCATE))).toArray(CompletableFuture[]::new)).join();
                double together = loaded * 1e9 / (System.nanoTime() - started);
                log.printf(Locale.ROOT, "fan-out: all three at once %s %,.0f events/s (ratio %.2f to the slowest alone)%n",
                        label(run), together, together / slowest);
                if (run > 0) {
                    ratios.add(together / slowest);
                    fanOutRates.add(together);
                    slowestRates.add(slowest);
                }
            }
            return List.of(Result.paired("fan-out to all three stores", loaded, new Stats.Paired(Stats.median(fanOutRates),
                    Stats.median(slowestRates), Stats.median(ratios)), "slowest alone events/s", 0.8, String.format(
                    Locale.ROOT, "%,d readings onto %,d meters, rebuilt into PostgreSQL, ClickHouse and Elasticsearch by three "
                    + "projections of one engine at once, beside each rebuilt alone in the same round (slowest: %s); "
                    + "median of %d rounds after a warm-up", loaded, meters, slowestName, runs)));
        }
    }

    private static String label(int run) {
        return run == 0 ? "(warm-up)" : "#" + run;
    }
}
