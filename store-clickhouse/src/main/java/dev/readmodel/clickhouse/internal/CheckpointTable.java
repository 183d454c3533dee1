package dev.readmodel.clickhouse.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checkpoints as a ReplacingMergeTree versioned by write time (microseconds, strictly increasing within
 * a process), so that a reset to 0 replaces a higher position; read with FINAL.
 */
public final class CheckpointTable {
    private static final AtomicLong LAST_WRITE = new AtomicLong();

    private final String table;
    private final String insertTarget;
    private final ClickHouseCalls calls;

    public CheckpointTable(String database, ClickHouseCalls calls) {
        this.table = ClickHouseSql.table(database, "readmodel_checkpoints");
        this.insertTarget = database + ".readmodel_checkpoints";
        this.calls = calls;
    }

    public String createSql() {
        return "CREATE TABLE IF NOT EXISTS " + table + " (projection String, position UInt64, written UInt64) "
                + "ENGINE = ReplacingMergeTree(written) ORDER BY projection";
    }

    public long load(String projection) {
        List<JsonNode> rows = calls.rows("SELECT position FROM " + table + " FINAL WHERE projection = "
                + ClickHouseSql.string(projection) + " FORMAT JSONEachRow", "Loading the checkpoint of projection [" + projection + "]");
        return rows.isEmpty() ? 0 : Long.parseLong(rows.get(0).path("position").asText());
    }

    public void store(String projection, long position) {
        long written = LAST_WRITE.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis() * 1000));
        String row = "{\"projection\":" + dev.readmodel.core.Json.write(projection) + ",\"position\":" + position
                + ",\"written\":" + written + "}\n";
        calls.insert(insertTarget, row.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "Saving checkpoint [" + position + "] of projection [" + projection + "]");
    }
}
