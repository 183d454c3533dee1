package dev.readmodel.clickhouse.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Checkpoints as a ReplacingMergeTree versioned by its {@code written} column; read with FINAL, the row of
 * the highest version is the checkpoint. A plain store is versioned by write time (microseconds, strictly
 * increasing within a process), so that a reset to 0 replaces a higher position. A conditional store
 * ({@link #storeAfter}) is versioned by position instead, counted from the row it was checked against, so
 * that of commits racing from one checkpoint the furthest stays, whatever order they land in: the
 * checkpoint never moves back. Every identifier is quoted: on current servers an unquoted
 * {@code projection} in a column list starts a PROJECTION definition.
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

    /** Stores {@code position}, versioned by write time: what an engine's commit does after every batch. */
    public void store(String projection, long position) {
        insert(projection, position, nextWriteTime(0));
    }

    /**
     * Stores {@code position} over whatever is stored, even a checkpoint that conditional commits have
     * versioned past the clock: one read more than {@link #store}, for resets and rebuilds.
     */
    public void storeOver(String projection, long position) {
        insert(projection, position, nextWriteTime(loadStored(projection).written() + 1));
    }

    /** The checkpoint of {@code projection} with the version of its row; position 0 and version 0 when none. */
    public Stored loadStored(String projection) {
        SqlValues sql = values.get();
        String select = "SELECT `position`, `written` FROM " + table + " FINAL WHERE `projection` = "
                + sql.value(ColumnKind.STRING, projection) + " FORMAT JSONEachRow";
        List<JsonNode> rows = calls.rows(select, sql.parameters(), "Loading the checkpoint of projection [" + projection + "]");
        return rows.isEmpty() ? new Stored(0, 0) : new Stored(Long.parseLong(rows.get(0).path("position").asText()),
                Long.parseUnsignedLong(rows.get(0).path("written").asText()));
    }

    /**
     * Stores {@code position}, read as {@code checked} before, versioned by how far it moves past it: the
     * version of the checked row plus the positions moved. Of racing commits from one checked row the
     * furthest has the highest version and stays; a row another writer stored past it with a plain
     * {@link #store} (a reset) has the higher version unless positions have run ahead of the clock since.
     *
     * @throws IllegalArgumentException when {@code position} is before the checked one
     */
    public void storeAfter(String projection, Stored checked, long position) {
        if (position < checked.position()) {
            throw new IllegalArgumentException("Checkpoint [" + position + "] of projection [" + projection
                    + "] must not be before the checked one [" + checked.position() + "]");
        }
        insert(projection, position, checked.written() + (position - checked.position()));
    }

    private static long nextWriteTime(long atLeast) {
        return LAST_WRITE.updateAndGet(last -> Math.max(Math.max(last + 1, atLeast), System.currentTimeMillis() * 1000));
    }

    private void insert(String projection, long position, long written) {
        String row = "{\"projection\":" + dev.readmodel.core.event.Json.write(projection) + ",\"position\":" + position
                + ",\"written\":" + Long.toUnsignedString(written) + "}\n";
        calls.insert(table, row.getBytes(StandardCharsets.UTF_8),
                "Saving checkpoint [" + position + "] of projection [" + projection + "]");
    }

    /**
     * A checkpoint as stored.
     *
     * @param position the checkpoint, 0 when none is stored
     * @param written the version of its row, 0 when none is stored
     */
    public record Stored(long position, long written) {
    }
}
