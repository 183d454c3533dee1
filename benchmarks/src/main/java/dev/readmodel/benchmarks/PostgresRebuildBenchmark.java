package dev.readmodel.benchmarks;

import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.engine.RebuildOptions;
import dev.readmodel.core.event.EventBatch;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.event.EventTypeMatcher;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.examples.history.EventLoader;
import dev.readmodel.examples.history.HistoryGenerator;
import dev.readmodel.examples.orders.OrderProjections;
import dev.readmodel.postgres.PostgresConfig;
import dev.readmodel.postgres.PostgresEventStore;
import dev.readmodel.postgres.PostgresReadModelStore;
import com.zaxxer.hikari.HikariDataSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.copy.CopyManager;

/**
 * Rebuilds the order-summary read model from N order events in PostgreSQL, beside the raw COPY of the
 * same final rows into an identical table and beside a naive projector that writes and checkpoints one
 * event per transaction, all in the same run.
 */
final class PostgresRebuildBenchmark {
    private static final String SCHEMA = "bench_postgres";
    private static final int NAIVE_EVENTS = 20_000;

    private final PostgresConfig config;
    private final long events;
    private final int runs;
    private final PrintStream log;

    PostgresRebuildBenchmark(PostgresConfig config, long events, int runs, PrintStream log) {
        this.config = config.withSchema(SCHEMA).withMaxPoolSize(8);
        this.events = events;
        this.runs = runs;
        this.log = log;
    }

    List<Result> run() throws Exception {
        try (HikariDataSource dataSource = config.dataSource()) {
            Schemas.drop(dataSource, SCHEMA);
            try (PostgresEventStore store = new PostgresEventStore(dataSource, SCHEMA)) {
                return measure(dataSource, store);
            }
        }
    }

    private List<Result> measure(HikariDataSource dataSource, PostgresEventStore store) throws Exception {
        PostgresReadModelStore readModels = new PostgresReadModelStore(dataSource, SCHEMA);
        log.printf("postgres: appending %,d order events...%n", events);
        long started = System.nanoTime();
        long loaded = EventLoader.load(store, new HistoryGenerator(HistoryGenerator.Options.of(events, 42)
                .only(HistoryGenerator.Domain.ORDERS)), 5_000, n -> { });
        log.printf("postgres: appended %,d events at %,.0f events/s%n", loaded, loaded * 1e9 / (System.nanoTime() - started));
        try (ProjectionEngine engine = ProjectionEngine.builder(store)
                .config(EngineConfig.DEFAULT.withRebuildBatchSize(50_000))
                .register(OrderProjections.orderSummary(), readModels, ProjectionMode.CATCH_UP).build()) {
            engine.rebuild("order-summary", RebuildOptions.TRUNCATE); // its rows are COPY's input
            long rows;
            byte[] copyData;
            try (Connection connection = dataSource.getConnection()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                rows = new CopyManager(connection.unwrap(org.postgresql.core.BaseConnection.class)).copyOut("COPY " + SCHEMA + ".order_summaries TO STDOUT", out);
                copyData = out.toByteArray();
            }
            long finalRows = rows;
            Stats.Paired paired = Stats.paired(runs, log, "postgres: rebuild", "events/s", () ->
                    loaded * 1e9 / engine.rebuild("order-summary", RebuildOptions.TRUNCATE).elapsed().toNanos(),
                    "postgres: COPY of " + rows + " final rows", "rows/s", () -> copy(dataSource, copyData, finalRows));
            double rebuildRate = paired.rate();
            List<Double> naive = new ArrayList<>();
            for (int run = 0; run < Math.max(1, runs - 1); run++) {
                double rate = naive(dataSource, store);
                log.printf("postgres: naive projector #%d %,.0f events/s%n", run + 1, rate);
                naive.add(rate);
            }
            String note = "rebuild of " + loaded + " events into " + rows + " order summaries (rebuild batches of 50,000),"
                    + " each run beside a COPY of the same " + rows + " rows into an identical table, median of " + runs
                    + " pairs after a warm-up;"
                    + " naive projector on the first " + NAIVE_EVENTS + " events";
            return List.of(
                    Result.paired("postgres rebuild vs COPY", loaded, paired, "COPY rows/s", 0.5, note),
                    Result.ofMedians("postgres rebuild vs naive", loaded, rebuildRate, "naive events/s", Stats.median(naive), 20,
                            "same rebuild beside a projector that writes and checkpoints one event per transaction"));
        }
    }

    private static double copy(HikariDataSource dataSource, byte[] data, long rows) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + SCHEMA + ".order_summaries_copy");
            statement.execute("CREATE TABLE " + SCHEMA + ".order_summaries_copy (LIKE " + SCHEMA
                    + ".order_summaries INCLUDING ALL)");
            CopyManager copy = new CopyManager(connection.unwrap(org.postgresql.core.BaseConnection.class));
            return Stats.rate(() -> {
                copy.copyIn("COPY " + SCHEMA + ".order_summaries_copy FROM STDIN", new ByteArrayInputStream(data));
                return rows;
            });
        }
    }

    /** The projection guide's projector: one SQL statement and one checkpoint write per event, each its own transaction. */
    private static double naive(HikariDataSource dataSource, PostgresEventStore store) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + SCHEMA + ".naive_order_summaries");
            statement.execute("CREATE TABLE " + SCHEMA + ".naive_order_summaries (order_id TEXT PRIMARY KEY, customer_id TEXT,"
                    + " status TEXT, total_amount NUMERIC, item_count BIGINT, created_at TIMESTAMPTZ, shipped_at TIMESTAMPTZ,"
                    + " completed_at TIMESTAMPTZ, cancelled_at TIMESTAMPTZ, cancellation_reason TEXT, updated_at TIMESTAMPTZ)");
            connection.setAutoCommit(false);
            return Stats.rate(() -> {
                long applied = 0;
                long after = 0;
                while (applied < NAIVE_EVENTS) {
                    EventBatch batch = store.read(after, 1_000, EventTypeMatcher.all());
                    if (batch.events().isEmpty()) {
                        break;
                    }
                    for (EventEnvelope event : batch.events()) {
                        apply(connection, event);
                        try (PreparedStatement checkpoint = connection.prepareStatement("INSERT INTO " + SCHEMA
                                + ".readmodel_checkpoints (projection, position) VALUES ('naive', ?) ON CONFLICT (projection)"
                                + " DO UPDATE SET position = EXCLUDED.position")) {
                            checkpoint.setLong(1, event.position());
                            checkpoint.executeUpdate();
                        }
                        connection.commit();
                        if (++applied == NAIVE_EVENTS) {
                            break;
                        }
                    }
                    after = batch.readUpTo();
                }
                return applied;
            });
        }
    }

    private static void apply(Connection connection, EventEnvelope event) throws Exception {
        String table = SCHEMA + ".naive_order_summaries";
        var data = event.data();
        String orderId = data.path("orderId").asText();
        switch (event.type()) {
            case "order.created" -> {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
                        + " (order_id, customer_id, status, total_amount, item_count, created_at) VALUES (?, ?, 'pending', 0, 0, ?)")) {
                    insert.setString(1, orderId);
                    insert.setString(2, data.path("customerId").asText());
                    insert.setTimestamp(3, Timestamp.from(java.time.Instant.parse(data.path("createdAt").asText())));
                    insert.executeUpdate();
                }
            }
            case "order.item_added", "order.item_removed" -> {
                int sign = event.type().endsWith("added") ? 1 : -1;
                try (PreparedStatement update = connection.prepareStatement("UPDATE " + table
                        + " SET total_amount = total_amount + ?, item_count = item_count + ? WHERE order_id = ?")) {
                    update.setBigDecimal(1, new BigDecimal(data.path("price").asText()).multiply(BigDecimal.valueOf(sign
                            * data.path("quantity").asLong())));
                    update.setLong(2, sign * data.path("quantity").asLong());
                    update.setString(3, orderId);
                    update.executeUpdate();
                }
            }
            case "order.shipped", "order.completed", "order.cancelled" -> {
                String status = event.type().substring("order.".length());
                try (PreparedStatement update = connection.prepareStatement("UPDATE " + table
                        + " SET status = ?, updated_at = now() WHERE order_id = ?")) {
                    update.setString(1, status);
                    update.setString(2, orderId);
                    update.executeUpdate();
                }
            }
            default -> {
                // other events only move the checkpoint
            }
        }
    }
}
