package dev.readmodel.benchmarks;

import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.engine.RebuildOptions;
import dev.readmodel.core.event.EventBatch;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.event.EventTypeMatcher;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.postgres.PostgresConfig;
import dev.readmodel.postgres.PostgresEventStore;
import dev.readmodel.postgres.PostgresReadModelStore;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintStream;
import java.util.List;

/**
 * 1M meter readings onto 10k meters, rebuilt into PostgreSQL, beside reading and decoding the same
 * events without projecting them: with a hundred events per document, read from the PostgreSQL event store, the
 * engine should cost little more than the read and the decode, because it writes each document once per batch, not once per event.
 */
final class ManyToFewBenchmark {
    private static final String SCHEMA = "bench_meters";
    private static final int METERS = 10_000;

    private final PostgresConfig config;
    private final long events;
    private final int runs;
    private final PrintStream log;

    ManyToFewBenchmark(PostgresConfig config, long events, int runs, PrintStream log) {
        this.config = config.withSchema(SCHEMA).withMaxPoolSize(4);
        this.events = events;
        this.runs = runs;
        this.log = log;
    }

    List<Result> run() throws Exception {
        try (HikariDataSource dataSource = config.dataSource()) {
            Schemas.drop(dataSource, SCHEMA);
            try (PostgresEventStore store = new PostgresEventStore(dataSource, SCHEMA)) {
                long started = System.nanoTime();
                long loaded = Meters.append(store, events, METERS);
                log.printf("many-to-few: appended %,d readings of %,d meters in %.0f s%n", loaded, METERS,
                        (System.nanoTime() - started) / 1e9);
                return measure(dataSource, store, loaded);
            }
        }
    }

    private List<Result> measure(HikariDataSource dataSource, PostgresEventStore store, long loaded) throws Exception {
        try (ProjectionEngine engine = ProjectionEngine.builder(store)
                .config(EngineConfig.DEFAULT.withRebuildBatchSize(50_000))
                .register(Meters.projection("meters", Meters.model("meters")), new PostgresReadModelStore(dataSource, SCHEMA),
                        ProjectionMode.CATCH_UP).build()) {
            Stats.Paired paired = Stats.paired(runs, log, "many-to-few: rebuild", "events/s", () ->
                    loaded * 1e9 / engine.rebuild("meters", RebuildOptions.TRUNCATE).elapsed().toNanos(),
                    "many-to-few: read and decode only", "events/s", () -> Stats.rate(() -> readAndDecode(store)));
            return List.of(Result.paired("many events to few keys (postgres)", loaded, paired, "read+decode events/s", 0.5,
                    "rebuild of " + loaded + " readings onto " + METERS + " meter rows in PostgreSQL, batches of 50,000, each run"
                    + " beside reading the same events from the same PostgreSQL event store in batches of 50,000 and decoding"
                    + " each into its record, with no projection; median of " + runs + " pairs after a warm-up"));
        }
    }

    private static long readAndDecode(PostgresEventStore store) {
        long after = 0;
        long decoded = 0;
        long checksum = 0;
        while (true) {
            EventBatch batch = store.read(after, 50_000, EventTypeMatcher.of("meter.read"));
            if (batch.events().isEmpty()) {
                break;
            }
            for (EventEnvelope event : batch.events()) {
                checksum += event.decode(Meters.Reading.class).value();
                decoded++;
            }
            after = batch.readUpTo();
        }
        if (checksum < 0) {
            throw new IllegalStateException("unreachable: keeps the decode from being optimised away");
        }
        return decoded;
    }
}
