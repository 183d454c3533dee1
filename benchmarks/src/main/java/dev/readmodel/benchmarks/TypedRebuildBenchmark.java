package dev.readmodel.benchmarks;

import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.engine.RebuildOptions;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.examples.history.EventLoader;
import dev.readmodel.examples.history.HistoryGenerator;
import dev.readmodel.examples.orders.OrderEvents.ItemAdded;
import dev.readmodel.examples.orders.OrderEvents.ItemRemoved;
import dev.readmodel.examples.orders.OrderEvents.OrderCancelled;
import dev.readmodel.examples.orders.OrderEvents.OrderCompleted;
import dev.readmodel.examples.orders.OrderEvents.OrderCreated;
import dev.readmodel.examples.orders.OrderEvents.OrderShipped;
import dev.readmodel.examples.orders.OrderProjections;
import dev.readmodel.postgres.PostgresConfig;
import dev.readmodel.postgres.PostgresEventStore;
import dev.readmodel.postgres.PostgresReadModelStore;
import com.zaxxer.hikari.HikariDataSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.postgresql.core.BaseConnection;
import org.postgresql.copy.CopyManager;

/**
 * The PostgreSQL rebuild of the order summaries twice, alternately: the typed projection of the examples
 * ({@code OrderSummary} records) beside the same projection written against {@link Document}, each into an
 * identical table of its own schema, which must end equal. What the typed API costs.
 */
final class TypedRebuildBenchmark {
    private static final String SCHEMA = "bench_typed";
    private static final String DOCUMENT_SCHEMA = "bench_typed_documents";

    private final PostgresConfig config;
    private final long events;
    private final int runs;
    private final PrintStream log;

    TypedRebuildBenchmark(PostgresConfig config, long events, int runs, PrintStream log) {
        this.config = config.withSchema(SCHEMA).withMaxPoolSize(8);
        this.events = events;
        this.runs = runs;
        this.log = log;
    }

    List<Result> run() throws Exception {
        try (HikariDataSource dataSource = config.dataSource()) {
            Schemas.drop(dataSource, SCHEMA);
            Schemas.drop(dataSource, DOCUMENT_SCHEMA);
            try (PostgresEventStore store = new PostgresEventStore(dataSource, SCHEMA)) {
                return measure(dataSource, store);
            }
        }
    }

    private List<Result> measure(HikariDataSource dataSource, PostgresEventStore store) throws Exception {
        log.printf("typed: appending %,d order events...%n", events);
        long loaded = EventLoader.load(store, new HistoryGenerator(HistoryGenerator.Options.of(events, 42)
                .only(HistoryGenerator.Domain.ORDERS)), 5_000, n -> { });
        EngineConfig config = EngineConfig.DEFAULT.withRebuildBatchSize(50_000);
        try (ProjectionEngine typed = ProjectionEngine.builder(store).config(config)
                .register(OrderProjections.orderSummary(), new PostgresReadModelStore(dataSource, SCHEMA),
                        ProjectionMode.CATCH_UP).build();
             ProjectionEngine documents = ProjectionEngine.builder(store).config(config)
                .register(documentOrderSummary(), new PostgresReadModelStore(dataSource, DOCUMENT_SCHEMA),
                        ProjectionMode.CATCH_UP).build()) {
            Stats.Paired paired = alternately(() -> rate(typed, loaded), () -> rate(documents, loaded));
            requireSameRows(dataSource);
            String note = "rebuild of " + loaded + " events into the order summaries (rebuild batches of 50,000) with"
                    + " OrderSummary records, each run beside the same rebuild written against Document (equal tables"
                    + " checked), median of " + runs + " pairs after a warm-up, which side goes first alternating from pair to pair";
            return List.of(Result.paired("postgres typed vs document rebuild", loaded, paired, "document events/s", 0.9,
                    note));
        }
    }

    /**
     * Like {@link Stats#paired}, but with the side that runs first alternating from pair to pair: the first
     * rebuild of a pair runs while PostgreSQL still vacuums and flushes the table the run before wrote.
     */
    private Stats.Paired alternately(Stats.Rate records, Stats.Rate documents) throws Exception {
        List<Double> rates = new ArrayList<>();
        List<Double> limits = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int run = 0; run <= runs; run++) {
            String which = run == 0 ? "(warm-up)" : "#" + run;
            boolean recordsFirst = run % 2 == 0;
            double first = (recordsFirst ? records : documents).measure();
            double second = (recordsFirst ? documents : records).measure();
            double typed = recordsFirst ? first : second;
            double plain = recordsFirst ? second : first;
            log.printf(Locale.ROOT, "typed %s: records %,.0f events/s, documents %,.0f events/s (ratio %.2f, %s first)%n",
                    which, typed, plain, typed / plain, recordsFirst ? "records" : "documents");
            if (run > 0) {
                rates.add(typed);
                limits.add(plain);
                ratios.add(typed / plain);
            }
        }
        return new Stats.Paired(Stats.median(rates), Stats.median(limits), Stats.median(ratios));
    }

    private static double rate(ProjectionEngine engine, long events) {
        System.gc(); // each side starts with an empty young generation, whatever the other left
        return events * 1e9 / engine.rebuild("order-summary", RebuildOptions.TRUNCATE).elapsed().toNanos();
    }

    /** Both rebuilds must have written the same rows, or the comparison means nothing. */
    private static void requireSameRows(HikariDataSource dataSource) throws Exception {
        byte[] typed = rows(dataSource, SCHEMA);
        byte[] documents = rows(dataSource, DOCUMENT_SCHEMA);
        if (!Arrays.equals(typed, documents)) {
            throw new IllegalStateException("The typed and the document rebuild wrote different order summaries ("
                    + typed.length + " and " + documents.length + " bytes)");
        }
    }

    private static byte[] rows(HikariDataSource dataSource, String schema) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new CopyManager(connection.unwrap(BaseConnection.class)).copyOut("COPY (SELECT * FROM " + schema
                    + ".order_summaries ORDER BY order_id) TO STDOUT", out);
            return out.toByteArray();
        }
    }

    /** The order-summary projection as the examples wrote it before typed read models: against Document. */
    static Projection documentOrderSummary() {
        var summaries = OrderProjections.ORDER_SUMMARIES;
        return Projection.named("order-summary")
                .readModel(summaries)
                .on("order.created", OrderCreated.class, summaries, OrderCreated::orderId, (order, e) ->
                        Document.of("customer_id", e.customerId(), "status", "pending", "total_amount", BigDecimal.ZERO,
                                "item_count", 0L, "created_at", e.createdAt(), "updated_at", e.createdAt()))
                .on("order.item_added", ItemAdded.class, summaries, ItemAdded::orderId, (order, e) ->
                        order == null ? null : order.plus("total_amount", e.price().multiply(BigDecimal.valueOf(e.quantity())))
                                .plus("item_count", e.quantity()).with("updated_at", e.at()))
                .on("order.item_removed", ItemRemoved.class, summaries, ItemRemoved::orderId, (order, e) ->
                        order == null ? null : order.plus("total_amount", e.price().multiply(BigDecimal.valueOf(-e.quantity())))
                                .plus("item_count", -e.quantity()).with("updated_at", e.at()))
                .on("order.shipped", OrderShipped.class, summaries, OrderShipped::orderId, (order, e) ->
                        order == null ? null : order.with("status", "shipped").with("shipped_at", e.shippedAt())
                                .with("updated_at", e.shippedAt()))
                .on("order.completed", OrderCompleted.class, summaries, OrderCompleted::orderId, (order, e) ->
                        order == null ? null : order.with("status", "completed").with("completed_at", e.completedAt())
                                .with("updated_at", e.completedAt()))
                .on("order.cancelled", OrderCancelled.class, summaries, OrderCancelled::orderId, (order, e) ->
                        order == null ? null : order.with("status", "cancelled").with("cancelled_at", e.cancelledAt())
                                .with("cancellation_reason", e.reason()).with("updated_at", e.cancelledAt()))
                .build();
    }
}
