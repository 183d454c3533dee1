package dev.readmodel.benchmarks;

import dev.readmodel.clickhouse.ClickHouseConfig;
import dev.readmodel.clickhouse.ClickHouseReadModelStore;
import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.engine.RebuildOptions;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.examples.history.EventLoader;
import dev.readmodel.examples.history.HistoryGenerator;
import dev.readmodel.examples.invoices.InvoiceAnalytics;
import com.clickhouse.client.api.Client;
import com.clickhouse.data.ClickHouseFormat;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Rebuilds invoice analytics from N invoice events into ClickHouse, beside a raw JSONEachRow insert of
 * the same final rows into identical tables, in the same run. The events come from the in-memory event
 * store, so the figure is the ClickHouse projection's own rate, not the event store's read rate.
 */
final class ClickHouseRebuildBenchmark {
    private static final List<ReadModel> MODELS = List.of(InvoiceAnalytics.INVOICES, InvoiceAnalytics.REFUNDS);

    private final ClickHouseConfig config;
    private final long events;
    private final int runs;
    private final PrintStream log;

    ClickHouseRebuildBenchmark(ClickHouseConfig config, long events, int runs, PrintStream log) {
        this.config = config;
        this.events = events;
        this.runs = runs;
        this.log = log;
    }

    List<Result> run() throws Exception {
        InMemoryEventStore store = new InMemoryEventStore();
        long loaded = EventLoader.load(store, new HistoryGenerator(HistoryGenerator.Options.of(events, 42)
                .only(HistoryGenerator.Domain.INVOICES)), 10_000, n -> { });
        log.printf("clickhouse: %,d invoice events in memory%n", loaded);
        try (Client client = config.client();
                ClickHouseReadModelStore readModels = new ClickHouseReadModelStore(config);
                ProjectionEngine engine = ProjectionEngine.builder(store)
                        .config(EngineConfig.DEFAULT.withRebuildBatchSize(100_000))
                        .register(InvoiceAnalytics.projection(), readModels, ProjectionMode.CATCH_UP).build()) {
            String server = readModels.serverVersion();
            log.printf("clickhouse: server %s%n", server);
            engine.rebuild("invoice-analytics", RebuildOptions.TRUNCATE); // its rows are the raw insert's input
            List<byte[]> dumps = new ArrayList<>();
            long rows = 0;
            for (ReadModel model : MODELS) {
                byte[] dump = dump(client, model.name());
                dumps.add(dump);
                rows += lines(dump);
            }
            long finalRows = rows;
            Stats.Paired paired = Stats.paired(runs, log, "clickhouse: rebuild", "events/s", () ->
                    loaded * 1e9 / engine.rebuild("invoice-analytics", RebuildOptions.TRUNCATE).elapsed().toNanos(),
                    "clickhouse: raw JSONEachRow insert of " + rows + " final rows", "rows/s",
                    () -> rawInsert(client, dumps, finalRows));
            String major = server.replaceFirst("^(\\d+\\.\\d+).*", "$1");
            return List.of(Result.paired("clickhouse " + major + " rebuild vs raw insert", loaded, paired, "JSONEachRow rows/s",
                    0.5, "on ClickHouse " + server + ": rebuild of " + loaded + " invoice events (from the in-memory event store) into " + rows
                    + " invoice and refund rows, batches of 100,000, each run beside a raw JSONEachRow insert of the same"
                    + " final rows into identical ReplacingMergeTree tables; median of " + runs + " pairs after a warm-up"));
        }
    }

    private byte[] dump(Client client, String table) throws Exception {
        try (var response = client.query("SELECT * FROM " + config.database() + "." + table + " FINAL FORMAT JSONEachRow")
                .get(5, TimeUnit.MINUTES); InputStream in = response.getInputStream()) {
            return in.readAllBytes();
        }
    }

    private double rawInsert(Client client, List<byte[]> dumps, long rows) throws Exception {
        for (ReadModel model : MODELS) {
            String copy = config.database() + "." + model.name() + "_raw";
            client.execute("DROP TABLE IF EXISTS " + copy).get(1, TimeUnit.MINUTES).close();
            client.execute("CREATE TABLE " + copy + " AS " + config.database() + "." + model.name()).get(1, TimeUnit.MINUTES)
                    .close();
        }
        return Stats.rate(() -> {
            for (int i = 0; i < MODELS.size(); i++) {
                client.insert(config.database() + "." + MODELS.get(i).name() + "_raw", new ByteArrayInputStream(dumps.get(i)),
                        ClickHouseFormat.JSONEachRow).get(5, TimeUnit.MINUTES).close();
            }
            return rows;
        });
    }

    private static long lines(byte[] data) {
        long lines = 0;
        for (byte b : data) {
            if (b == '\n') {
                lines++;
            }
        }
        return lines;
    }
}
