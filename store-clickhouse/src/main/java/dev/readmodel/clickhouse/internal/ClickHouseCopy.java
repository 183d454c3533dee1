package dev.readmodel.clickhouse.internal;

import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.ShadowNames;
import dev.readmodel.core.spi.StoredDocument;
import dev.readmodel.core.spi.WriteBatch;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One copy of the read models in a database, the live tables or a rebuild's shadow tables
 * ({@link ShadowNames#shadowOf}): loads documents by key and writes batches as one RowBinary insert per
 * table. Thread-safe.
 */
public final class ClickHouseCopy {
    /**
     * Keys per load: the keys are literals in the statement (18.16) or parameters in the request line, so
     * chunks keep each well under the server's max_query_size (256 KiB) and http_max_uri_size (1 MiB).
     */
    private static final int LOAD_CHUNK = 2_000;
    private static final int LOAD_CHUNK_CHARACTERS = 32 * 1024;

    private final ClickHouseCalls calls;
    private final ServerDialect dialect;
    private final ClickHouseTables tables;
    private final boolean shadow;

    private ClickHouseCopy(ClickHouseCalls calls, ServerDialect dialect, ClickHouseTables tables, boolean shadow) {
        this.calls = calls;
        this.dialect = dialect;
        this.tables = tables;
        this.shadow = shadow;
    }

    /** The tables queries and live commits use. */
    public static ClickHouseCopy live(ClickHouseCalls calls, ServerDialect dialect, ClickHouseTables tables) {
        return new ClickHouseCopy(calls, dialect, tables, false);
    }

    /** The tables a zero-downtime rebuild fills. */
    public static ClickHouseCopy shadow(ClickHouseCalls calls, ServerDialect dialect, ClickHouseTables tables) {
        return new ClickHouseCopy(calls, dialect, tables, true);
    }

    /** The name of {@code model}'s table in this copy. */
    public String nameOf(ReadModel model) {
        return shadow ? ShadowNames.shadowOf(model.name()) : model.name();
    }

    /** The table of {@code model} in this copy, with the layout it has on the server. */
    public ClickHouseTable table(ReadModel model) {
        return tables.get(model, nameOf(model));
    }

    /** The stored documents among {@code ids}, read with FINAL in chunks the server accepts. */
    public Map<String, StoredDocument> load(ReadModel model, Collection<String> ids) {
        ClickHouseTable table = table(model);
        Map<String, StoredDocument> found = new HashMap<>();
        List<String> chunk = new ArrayList<>();
        int characters = 0;
        for (String id : ids) {
            chunk.add(id);
            characters += id.length();
            if (chunk.size() == LOAD_CHUNK || characters >= LOAD_CHUNK_CHARACTERS) {
                found.putAll(loadChunk(table, chunk));
                chunk.clear();
                characters = 0;
            }
        }
        if (!chunk.isEmpty()) {
            found.putAll(loadChunk(table, chunk));
        }
        return found;
    }

    private Map<String, StoredDocument> loadChunk(ClickHouseTable table, List<String> ids) {
        SqlValues values = dialect.values();
        return table.stored(calls.rows(table.loadSql(ids, values), values.parameters(), "Loading " + ids.size()
                + " documents of read model [" + table.model().name() + "]"));
    }

    /** The ids of at most {@code limit} documents of {@code model} that match the checked {@code filters}: one SELECT with FINAL. */
    public List<String> matchingIds(ReadModel model, List<Filter> filters, int limit) {
        ClickHouseTable table = table(model);
        ClickHouseQuerySql sql = ClickHouseQuerySql.ids(table, filters, limit, dialect.values());
        List<String> ids = new ArrayList<>();
        for (JsonNode row : calls.rows(sql.sql(), sql.parameters(), "Finding documents of read model [" + model.name()
                + "] for a set-based write")) {
            ids.add(row.path(model.keyField()).asText());
        }
        return ids;
    }

    /** Inserts the batch's documents, one RowBinary insert per table; the checkpoint is the caller's. */
    public void write(WriteBatch batch) {
        for (Map.Entry<ReadModel, List<DocumentWrite>> entry : batch.byModel().entrySet()) {
            ClickHouseTable table = table(entry.getKey());
            List<DocumentWrite> writes = entry.getValue();
            calls.insertRowBinary(table.insertTarget(), table.insertColumns(), out -> table.writeRows(writes, out),
                    "Inserting " + writes.size() + " rows of projection [" + batch.projection() + "] up to position ["
                    + batch.checkpoint() + "]");
        }
    }
}
