package dev.readmodel.postgres.sql;

import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.FailurePolicy;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.postgres.PostgresEventStore;
import dev.readmodel.postgres.PostgresServer;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The test domain of the native-work ITs: sales as documents, and a native summary table
 * {@code sales_by_day} kept with ON CONFLICT arithmetic, whose CHECK refuses a negative total.
 */
final class SalesByDay {
    static final ReadModel SALES = ReadModel.named("sales").key("sale_id")
            .field("day", FieldType.KEYWORD).field("amount", FieldType.DECIMAL).build();
    static final String TABLE = "sales_by_day";

    /** A sale of {@code amount} on {@code day}. */
    record Sale(String saleId, String day, BigDecimal amount) {
    }

    /** An event whose handler always throws. */
    record Poison(String saleId) {
    }

    /** Stands for the process dying inside a commit: an Error, which the engine does not handle as a failure. */
    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash() {
            super("simulated crash after the native SQL, before the commit");
        }
    }

    private SalesByDay() {
    }

    static void createTable(String schema) throws Exception {
        sql("CREATE TABLE " + schema + "." + TABLE + " (day text PRIMARY KEY, total numeric NOT NULL CHECK (total >= 0),"
                + " sales bigint NOT NULL)");
        sql("CREATE INDEX ON " + schema + "." + TABLE + " (sales)");
    }

    /** The projection; when {@code crash} is set, the next batch's commit dies after its native SQL ran. */
    static Projection projection(String name, FailurePolicy policy, AtomicBoolean crash) {
        return Projection.named(name).readModel(SALES).onFailure(policy).nativeWork(PostgresWork.class, TABLE)
                .on("sale.made", Sale.class, (e, context) -> {
                    context.put(SALES, e.saleId(), Document.of("day", e.day(), "amount", e.amount()));
                    context.nativeWork(PostgresWork.class, sql -> sql.update("INSERT INTO " + sql.table(TABLE)
                            + " AS t (day, total, sales) VALUES (?, ?, 1) ON CONFLICT (day) DO UPDATE"
                            + " SET total = t.total + excluded.total, sales = t.sales + 1", e.day(), e.amount()));
                    context.nativeWork(PostgresWork.class, sql -> {
                        if (crash.getAndSet(false)) {
                            throw new SimulatedCrash();
                        }
                    });
                })
                .on("sale.poison", Poison.class, (e, context) -> {
                    throw new IllegalStateException("poisoned " + e.saleId());
                })
                .build();
    }

    static NewEvent sale(String id, String day, String amount) {
        return NewEvent.of("sale.made", new Sale(id, day, new BigDecimal(amount)));
    }

    /** Appends {@code count} random sales over a few days; returns them. */
    static List<Sale> appendRandom(PostgresEventStore events, Random random, int count) {
        List<Sale> sales = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Sale sale = new Sale("s-" + i, "2026-11-0" + (1 + random.nextInt(7)),
                    BigDecimal.valueOf(random.nextInt(100_000), 2));
            sales.add(sale);
            events.append(sale.saleId(), ExpectedVersion.ANY, List.of(NewEvent.of("sale.made", sale)));
        }
        return sales;
    }

    /** {@code day -> total/sales} of {@code sales}, as {@link #rows} shows the table. */
    static Map<String, String> expected(List<Sale> sales) {
        Map<String, BigDecimal> totals = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (Sale sale : sales) {
            totals.merge(sale.day(), sale.amount(), BigDecimal::add);
            counts.merge(sale.day(), 1, Integer::sum);
        }
        Map<String, String> rows = new TreeMap<>();
        totals.forEach((day, total) -> rows.put(day, total.stripTrailingZeros().toPlainString() + "/" + counts.get(day)));
        return rows;
    }

    /** The table {@code name} in {@code schema}: {@code day -> total/sales}. */
    static Map<String, String> rows(String schema, String name) throws Exception {
        Map<String, String> rows = new TreeMap<>();
        try (Connection connection = PostgresServer.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT day, total, sales FROM " + schema + "." + name)) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getBigDecimal(2).stripTrailingZeros().toPlainString() + "/" + rs.getLong(3));
            }
        }
        return rows;
    }

    static Map<String, String> rows(String schema) throws Exception {
        return rows(schema, TABLE);
    }

    static long count(String schema, String table) throws Exception {
        try (Connection connection = PostgresServer.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + schema + "." + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The names of the indexes of the summary table, sorted. */
    static List<String> indexes(String schema) throws Exception {
        List<String> indexes = new ArrayList<>();
        try (Connection connection = PostgresServer.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT indexname FROM pg_indexes WHERE schemaname = '" + schema
                        + "' AND tablename = '" + TABLE + "' ORDER BY indexname")) {
            while (rs.next()) {
                indexes.add(rs.getString(1));
            }
        }
        return indexes;
    }

    static boolean exists(String schema, String table) throws Exception {
        try (Connection connection = PostgresServer.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT to_regclass('" + schema + "." + table + "')")) {
            rs.next();
            return rs.getString(1) != null;
        }
    }

    static void sql(String sql) throws Exception {
        try (Connection connection = PostgresServer.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
