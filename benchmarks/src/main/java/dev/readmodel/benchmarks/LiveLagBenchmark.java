package dev.readmodel.benchmarks;

import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.event.AppendResult;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.spi.ForwardingReadModelStore;
import dev.readmodel.core.spi.WriteBatch;
import dev.readmodel.postgres.PostgresConfig;
import dev.readmodel.postgres.PostgresEventStore;
import dev.readmodel.postgres.PostgresReadModelStore;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Live lag on PostgreSQL: events appended at a steady rate to the PostgreSQL event store, projected by a
 * persistent projection woken by LISTEN/NOTIFY; for every event, the time from its append call (which
 * commits it) until
 * the read model's transaction holding it commits (from then on every query sees it).
 */
final class LiveLagBenchmark {
    private static final String SCHEMA = "bench_lag";
    private static final long TICK_NANOS = 10_000_000; // one append every 10 ms

    private final PostgresConfig config;
    private final Duration duration;
    private final PrintStream log;

    LiveLagBenchmark(PostgresConfig config, Duration duration, PrintStream log) {
        this.config = config.withSchema(SCHEMA).withMaxPoolSize(8);
        this.duration = duration;
        this.log = log;
    }

    /** When each batch became visible: its checkpoint and the time its commit returned. */
    private static final class CommitTimes extends ForwardingReadModelStore {
        final ConcurrentHashMap<Long, Long> visibleAt = new ConcurrentHashMap<>();

        CommitTimes(PostgresReadModelStore store) {
            super(store);
        }

        @Override
        public void commit(WriteBatch batch) {
            super.commit(batch);
            visibleAt.put(batch.checkpoint(), System.nanoTime());
        }
    }

    List<Result> run() throws Exception {
        List<Result> results = new ArrayList<>();
        for (int rate : new int[] {100, 1_000, 5_000}) {
            results.add(measure(rate));
        }
        return results;
    }

    private Result measure(int rate) throws Exception {
        try (HikariDataSource dataSource = config.dataSource()) {
            Schemas.drop(dataSource, SCHEMA);
            try (PostgresEventStore events = new PostgresEventStore(dataSource, SCHEMA)) {
                CommitTimes store = new CommitTimes(new PostgresReadModelStore(dataSource, SCHEMA));
                try (ProjectionEngine engine = ProjectionEngine.builder(events).config(EngineConfig.DEFAULT)
                        .register(Meters.projection("meters-live", Meters.model("meters")), store, ProjectionMode.PERSISTENT).build()) {
                    engine.start();
                    long[][] appended = append(events, rate);
                    long last = appended[appended.length - 1][0];
                    if (!engine.awaitCheckpoint("meters-live", last, Duration.ofMinutes(2))) {
                        throw new IllegalStateException("live projection did not reach position " + last);
                    }
                    return result(rate, appended, store);
                }
            }
        }
    }

    /** Appends at {@code rate} for the duration; each row is {position, commit nanos}. */
    private long[][] append(PostgresEventStore events, int rate) {
        int perTick = Math.max(1, rate / 100);
        long ticks = duration.toNanos() / TICK_NANOS;
        List<long[]> appended = new ArrayList<>();
        Instant at = Instant.parse("2024-01-01T00:00:00Z");
        long start = System.nanoTime();
        long n = 0;
        for (long tick = 0; tick < ticks; tick++) {
            long due = start + tick * TICK_NANOS;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            List<NewEvent> batch = new ArrayList<>(perTick);
            for (int i = 0; i < perTick; i++, n++) {
                batch.add(NewEvent.of("meter.read", new Meters.Reading("meter-" + (n % 1000), n, at), at));
            }
            long calling = System.nanoTime(); // the commit happens inside the call: counting from its start overstates lag
            AppendResult result = events.append("meter-" + (tick % 1000), ExpectedVersion.ANY, batch);
            long committed = calling;
            result.events().forEach(e -> appended.add(new long[] {e.position(), committed}));
        }
        log.printf(Locale.ROOT, "live lag: appended %,d events at %,d/s in %.1f s%n", n, rate,
                (System.nanoTime() - start) / 1e9);
        return appended.toArray(long[][]::new);
    }

    private Result result(int rate, long[][] appended, CommitTimes store) {
        long[] checkpoints = store.visibleAt.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        double[] lags = new double[appended.length];
        for (int i = 0; i < appended.length; i++) {
            int at = Arrays.binarySearch(checkpoints, appended[i][0]);
            int first = at >= 0 ? at : -at - 1; // the first commit whose checkpoint covers the event
            lags[i] = Math.max(0, store.visibleAt.get(checkpoints[first]) - appended[i][1]) / 1e6;
        }
        Arrays.sort(lags);
        double p50 = lags[(int) (lags.length * 0.50)];
        double p99 = lags[Math.min(lags.length - 1, (int) (lags.length * 0.99))];
        double max = lags[lags.length - 1];
        boolean bounded = rate > 1_000;
        double bound = bounded ? 1_000 : 100;
        log.printf(Locale.ROOT, "live lag at %,d/s: p50 %.1f ms, p99 %.1f ms, max %.1f ms over %,d events%n", rate, p50, p99,
                max, lags.length);
        return new Result("live lag at " + rate + "/s (postgres)", lags.length,
                String.format(Locale.ROOT, "p50 %.0f / p99 %.0f / max %.0f ms", p50, p99, max),
                bounded ? "bounded: p99 within 1 s" : "LISTEN/NOTIFY wake-up", Double.NaN,
                String.format(Locale.ROOT, "p99 <= %.0f ms", bound), p99 <= bound,
                String.format(Locale.ROOT, "%d s of appends of %d events every 10 ms to the PostgreSQL event store; lag is "
                        + "from the start of each append call (its commit is inside the call) until the read model's transaction holding the event commits, for every "
                        + "event", duration.toSeconds(), Math.max(1, rate / 100)));
    }
}
