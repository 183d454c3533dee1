package dev.readmodel.clickhouse.internal;

import dev.readmodel.core.model.ReadModel;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tables of one database: each read model's table with the layout it was made with (read from
 * {@code system.columns} once, then cached), new tables made with the server's modern layout, and swaps
 * that readers never notice: {@code EXCHANGE TABLES} on Atomic databases, one multi-table {@code RENAME}
 * on Ordinary ones (18.16), where it is atomic. Thread-safe.
 */
public final class ClickHouseTables {
    private final ClickHouseCalls calls;
    private final String database;
    private final ServerDialect dialect;
    private final Map<String, ClickHouseTable> known = new ConcurrentHashMap<>();

    public ClickHouseTables(ClickHouseCalls calls, String database, ServerDialect dialect) {
        this.calls = calls;
        this.database = database;
        this.dialect = dialect;
    }

    /** The table {@code name} of {@code model}, with the layout it has on the server (or will get when made). */
    public ClickHouseTable get(ReadModel model, String name) {
        ClickHouseTable table = known.get(name);
        if (table == null || !table.model().equals(model)) {
            table = new ClickHouseTable(model, database, name, layoutOf(name));
            known.put(name, table);
        }
        return table;
    }

    private ClickHouseTable.Layout layoutOf(String name) {
        SqlValues values = dialect.values();
        String where = " WHERE `database` = " + values.value(ColumnKind.STRING, database) + " AND `table` = "
                + values.value(ColumnKind.STRING, name);
        List<JsonNode> columns = calls.rows("SELECT `name`, `type` FROM system.columns" + where + " FORMAT JSONEachRow",
                values.parameters(), "Reading the columns of table [" + name + "]");
        if (columns.isEmpty()) {
            return ClickHouseTable.Layout.forNewTables(dialect);
        }
        SqlValues tableValues = dialect.values();
        List<JsonNode> tables = calls.rows("SELECT `engine_full` FROM system.tables WHERE `database` = "
                + tableValues.value(ColumnKind.STRING, database) + " AND `name` = " + tableValues.value(ColumnKind.STRING, name)
                + " FORMAT JSONEachRow", tableValues.parameters(), "Reading the engine of table [" + name + "]");
        return ClickHouseTable.layoutOf(columns, tables.isEmpty() ? "" : tables.get(0).path("engine_full").asText());
    }

    /** Makes {@code table} if it does not exist. */
    public void create(ClickHouseTable table) {
        calls.execute(table.createSql(), "Creating " + table.qualified());
    }

    /** A new empty table {@code name} of {@code model} in the modern layout, replacing any table of that name. */
    public ClickHouseTable fresh(ReadModel model, String name) {
        drop(name);
        ClickHouseTable table = new ClickHouseTable(model, database, name, ClickHouseTable.Layout.forNewTables(dialect));
        create(table);
        known.put(name, table);
        return table;
    }

    /** Drops table {@code name} if it exists. */
    public void drop(String name) {
        known.remove(name);
        String qualified = ClickHouseSql.table(database, name);
        calls.execute("DROP TABLE IF EXISTS " + qualified, "Dropping " + qualified);
    }

    /**
     * The server's id of table {@code name} on an Atomic database: a table keeps it when an {@code EXCHANGE}
     * moves its name. Empty on Ordinary databases (18.16), which have no ids, and for a missing table.
     */
    public String idOf(String name) {
        if (!dialect.exchangeTables()) {
            return "";
        }
        SqlValues values = dialect.values();
        List<JsonNode> rows = calls.rows("SELECT toString(`uuid`) AS `id` FROM system.tables WHERE `database` = "
                + values.value(ColumnKind.STRING, database) + " AND `name` = " + values.value(ColumnKind.STRING, name)
                + " FORMAT JSONEachRow", values.parameters(), "Reading the id of table [" + name + "]");
        return rows.isEmpty() ? "" : rows.get(0).path("id").asText();
    }

    private boolean exists(String name) {
        SqlValues values = dialect.values();
        return !calls.rows("SELECT `name` FROM system.tables WHERE `database` = " + values.value(ColumnKind.STRING, database)
                + " AND `name` = " + values.value(ColumnKind.STRING, name) + " FORMAT JSONEachRow", values.parameters(),
                "Looking for table [" + name + "]").isEmpty();
    }

    /**
     * Moves each replacement ({@code [1]}) under its live table's name ({@code [0]}), so a reader of a
     * live table sees the old rows or the new ones, never a missing table. Safe to call again after a
     * failure, also one whose swap the server did but whose reply was lost: a pair whose live name already
     * holds its replacement (by {@code replacementIds}, from {@link #idOf} when the replacement was made) is
     * not exchanged back, and a multi-table {@code RENAME} that already happened is not tried again.
     *
     * @return the tables that now hold the old rows, for {@link #drop} once the swap is recorded
     */
    public List<String> swapIn(List<ClickHouseTable[]> pairs, Map<String, String> replacementIds, String what) {
        List<String> old = new ArrayList<>();
        if (dialect.exchangeTables()) {
            for (ClickHouseTable[] pair : pairs) {
                String replacement = replacementIds.getOrDefault(pair[1].name(), "");
                if (!replacement.isEmpty() && replacement.equals(idOf(pair[0].name()))) {
                    old.add(pair[1].name()); // exchanged by an earlier try
                    moved(pair);
                    continue;
                }
                create(pair[0]);
                calls.execute("EXCHANGE TABLES " + pair[0].qualified() + " AND " + pair[1].qualified(), what);
                old.add(pair[1].name());
                moved(pair);
            }
            return old;
        }
        if (pairs.stream().allMatch(pair -> !exists(pair[1].name()) && exists(pair[0].name() + "__old"))) {
            pairs.forEach(this::moved); // renamed by an earlier try: the replacements are live, the old rows in __old
            return pairs.stream().map(pair -> pair[0].name() + "__old").toList();
        }
        List<String> renames = new ArrayList<>();
        for (ClickHouseTable[] pair : pairs) {
            String previous = pair[0].name() + "__old";
            drop(previous);
            create(pair[0]);
            renames.add(pair[0].qualified() + " TO " + ClickHouseSql.table(database, previous));
            renames.add(pair[1].qualified() + " TO " + pair[0].qualified());
            old.add(previous);
        }
        // one RENAME statement renames every pair atomically on an Ordinary database
        calls.execute("RENAME TABLE " + String.join(", ", renames), what);
        pairs.forEach(this::moved);
        return old;
    }

    /** The live name now holds the replacement, with its layout: readers need not ask the server again. */
    private void moved(ClickHouseTable[] pair) {
        known.put(pair[0].name(), pair[1].sibling(pair[0].name(), pair[1].layout()));
        known.remove(pair[1].name());
    }
}
