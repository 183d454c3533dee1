package dev.readmodel.benchmarks;

import dev.readmodel.clickhouse.ClickHouseConfig;
import dev.readmodel.elastic.ElasticConfig;
import dev.readmodel.postgres.PostgresConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the benchmark scenarios against the real stores named by READMODEL_POSTGRES_URL (and the other
 * stores' variables) and prints one table: each engine rate beside the raw limit measured in the same
 * run, their ratio, the target and whether it is met. Start it with {@code scripts/bench.sh}.
 */
@Command(name = "benchmarks", mixinStandardHelpOptions = true,
        description = "Measure readmodel against the real stores, each figure beside the raw limit of the same run.")
public final class Benchmarks implements Callable<Integer> {
    @Option(names = "--scenario", split = ",", description = "Scenarios to run: ${COMPLETION-CANDIDATES} (default: all).")
    private List<Scenario> scenarios = List.of(Scenario.values());

    @Option(names = "--events", description = "Events per rebuild scenario (default: each scenario's own).")
    private Long events;

    @Option(names = "--runs", defaultValue = "3", description = "Measured runs per figure, after one warm-up (default: ${DEFAULT-VALUE}).")
    private int runs;

    @Option(names = "--lag-seconds", defaultValue = "60", description = "Seconds of appends per live-lag rate (default: ${DEFAULT-VALUE}).")
    private int lagSeconds;

    @Option(names = "--feed-seconds", defaultValue = "10", description = "Seconds of appends per feed-latency run (default: ${DEFAULT-VALUE}).")
    private int feedSeconds;

    @Option(names = "--markdown", description = "Also print the table as Markdown.")
    private boolean markdown;

    /** The scenarios. */
    enum Scenario {
        postgres, clickhouse, elastic, catchup, manytofew, lag, memory, fanout, server, querycache, feed, notices, upcast, typed, kafka
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Benchmarks()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (runs < 1 || runs > 20) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--runs must be 1 to 20, not " + runs);
        }
        if (lagSeconds < 5 || lagSeconds > 3600) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--lag-seconds must be 5 to 3600, not " + lagSeconds);
        }
        if (feedSeconds < 1 || feedSeconds > 600) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--feed-seconds must be 1 to 600, not " + feedSeconds);
        }
        List<Result> results = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            switch (scenario) {
                case postgres -> results.addAll(new PostgresRebuildBenchmark(postgres(), events == null ? 1_000_000 : events,
                        runs, System.err).run());
                case clickhouse -> {
                    // 18.16, and the current engine too where one is configured
                    for (ClickHouseConfig server : clickhouseServers()) {
                        results.addAll(new ClickHouseRebuildBenchmark(server, events == null ? 1_000_000 : events, runs,
                                System.err).run());
                    }
                }
                case elastic -> {
                    for (int concurrency : new int[] {1, 2}) {
                        results.addAll(new ElasticRebuildBenchmark(elastic().withBulkConcurrency(concurrency),
                                events == null ? 200_000 : events, runs, System.err).run());
                    }
                }
                case catchup -> results.addAll(new ElasticCatchUpBenchmark(elastic(), events == null ? 100_000 : events,
                        runs, System.err).run());
                case manytofew -> results.addAll(new ManyToFewBenchmark(postgres(), events == null ? 1_000_000 : events, runs,
                        System.err).run());
                case lag -> results.addAll(new LiveLagBenchmark(postgres(), Duration.ofSeconds(lagSeconds),
                        System.err).run());
                case memory -> results.addAll(new MemoryBenchmark(postgres(), events == null ? 5_000_000 : events,
                        System.err).run());
                case fanout -> results.addAll(new FanOutBenchmark(postgres(), clickhouse(), elastic(),
                        events == null ? 200_000 : events, runs, System.err).run());
                case server -> results.addAll(new ServerBenchmark(postgres(), events == null ? 200_000 : events, runs,
                        System.err).run());
                case feed -> results.addAll(new FeedLatencyBenchmark(postgres(), Duration.ofSeconds(feedSeconds), runs,
                        FeedLatencyBenchmark.Via.SSE, System.err).run());
                case notices -> results.addAll(new FeedLatencyBenchmark(postgres(), Duration.ofSeconds(feedSeconds), runs,
                        FeedLatencyBenchmark.Via.LISTENER, System.err).run());
                case querycache -> results.addAll(new QueryCacheBenchmark(postgres(), events == null ? 250_000 : events, runs,
                        System.err).run());
                case upcast -> results.addAll(new UpcastBenchmark(events == null ? 300_000 : events, runs, System.err).run());
                case typed -> results.addAll(new TypedRebuildBenchmark(postgres(), events == null ? 1_000_000 : events, runs,
                        System.err).run());
                case kafka -> results.addAll(new KafkaBenchmark(postgres(), required("READMODEL_KAFKA_BOOTSTRAP"),
                        events == null ? 40_000 : events, runs, System.err).run());
            }
        }
        System.out.println();
        System.out.printf("machine: %d cores, %d MB max heap, %s %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("os.name"), System.getProperty("java.version"));
        Table.print(results, System.out);
        if (markdown) {
            System.out.println();
            Table.markdown(results, System.out);
        }
        return results.stream().allMatch(Result::met) ? 0 : 3;
    }

    private static PostgresConfig postgres() {
        return PostgresConfig.of(required("READMODEL_POSTGRES_URL"), env("READMODEL_POSTGRES_USER", "postgres"),
                env("READMODEL_POSTGRES_PASSWORD", ""));
    }

    private static ClickHouseConfig clickhouse() {
        return new ClickHouseConfig(required("READMODEL_CLICKHOUSE_URL"), env("READMODEL_CLICKHOUSE_USER", "default"),
                env("READMODEL_CLICKHOUSE_PASSWORD", ""), "bench_clickhouse");
    }

    /** The 18.16 server, then the current engine when READMODEL_CLICKHOUSE_CURRENT_URL names one. */
    private static List<ClickHouseConfig> clickhouseServers() {
        List<ClickHouseConfig> servers = new ArrayList<>(List.of(clickhouse()));
        String current = System.getenv("READMODEL_CLICKHOUSE_CURRENT_URL");
        if (current != null && !current.isBlank()) {
            servers.add(new ClickHouseConfig(current, env("READMODEL_CLICKHOUSE_CURRENT_USER", "default"),
                    env("READMODEL_CLICKHOUSE_CURRENT_PASSWORD", ""), "bench_clickhouse"));
        }
        return servers;
    }

    private static ElasticConfig elastic() {
        return ElasticConfig.of(required("READMODEL_ELASTIC_URL")).withIndexPrefix("bench").withReplicas(0);
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: run through scripts/bench.sh, which starts the stores");
        }
        return value;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
