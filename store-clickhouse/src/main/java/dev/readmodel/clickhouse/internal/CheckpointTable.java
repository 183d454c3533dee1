package dev.readmodel.clickhouse.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Checkpoints as a ReplacingMergeTree versioned by write time (microseconds, strictly increasing within
 * a process), so that a reset to 0 replaces a higher position; read with FINAL. Every identifier is
 * quoted: on current servers an unquoted {@code projection} in a column list starts a PROJECTION
 * definition.
 */
public final class CheckpointTable {
    private static final AtomicLong LAST_WRITE = new AtomicLong();

    private final String table;
    private final ClickHouseCalls calls;
    private final Supplier<SqlValues> values;

    /**
     * @param values a new {@link SqlValues} for each statement
     */
    public CheckpointTable(String database, ClickHouseCalls calls, Supplier<SqlValues> values) {
        this.table = ClickHouseSql.table(database, "readmodel_checkpoints");
        this.calls = calls;
        this.values = values;
    }

    public String createSql() {
        return "CREATE TABLE IF NOT EXISTS " + table + " (`projection` String, `position` UInt64, `written` UInt64) "
                + "ENGINE = ReplacingMergeTree(`written`) ORDER BY `projection`";
    }

    public long load(String projection) {
        SqlValues sql = values.get();
        String select = "SELECT `position` FROM " + table + " FINAL WHERE `projection` = " + sql.value(ColumnKind.STRING, projection)
                + " FORMAT JSONEachRow";
        List<JsonNode> rows = calls.rows(select, sql.parameters(), "Loading the checkpoint of projection [" + projection + "]");
        return rows.isEmpty() ? 0 : Long.parseLong(rows.get(0).path("position").asText());
    }

    public void store(String projection, long position) {
        long written = LAST_WRITE.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis() * 1000));
        String row = "{\"projection\":" + dev.readmodel.core.event.Json.write(projection) + ",\"position\":" + position
                + ",\"written\":" + written + "}\n";
        calls.insert(table, row.getBytes(StandardCharsets.UTF_8),
                "Saving checkpoint [" + position + "] of projection [" + projection + "]");
    }
}
