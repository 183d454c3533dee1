package dev.readmodel.clickhouse;

import com.clickhouse.client.api.Client;
import com.fasterxml.jackson.databind.JsonNode;
import dev.readmodel.clickhouse.internal.CheckpointTable;
import dev.readmodel.clickhouse.internal.ClickHouseCalls;
import dev.readmodel.clickhouse.internal.ClickHouseQuerySql;
import dev.readmodel.clickhouse.internal.ClickHouseSql;
import dev.readmodel.clickhouse.internal.ClickHouseTable;
import dev.readmodel.core.Aggregation;
import dev.readmodel.core.ConfigurationException;
import dev.readmodel.core.Document;
import dev.readmodel.core.FieldType;
import dev.readmodel.core.Metric;
import dev.readmodel.core.Query;
import dev.readmodel.core.ReadModel;
import dev.readmodel.core.spi.CheckpointStore;
import dev.readmodel.core.spi.DeliveryGuarantee;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.DocumentWriter;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.core.spi.RebuildTarget;
import dev.readmodel.core.spi.StoreTransaction;
import dev.readmodel.core.spi.StoredDocument;
import dev.readmodel.core.spi.WriteBatch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read models as ClickHouse tables built for aggregation: one ReplacingMergeTree per read model, ordered
 * by its key and versioned by the global position of the last event that wrote each row.
 *
 * <p>Delivery guarantee: {@link DeliveryGuarantee#IDEMPOTENT}, exactly-once results from at-least-once
 * delivery. A batch is one insert per table (thousands of rows), then the checkpoint row. Rows are
 * whole documents with their version, and every read uses FINAL, so the highest version wins: writing a
 * batch again, or an older write arriving late, changes no total; after a crash between the insert and
 * the checkpoint the engine re-reads the batch and skips what the stored versions show as applied.
 * Deletes are tombstone rows. Rebuilds: truncate recreates the tables after resetting the checkpoint;
 * zero-downtime fills {@code <name>__shadow} tables and swaps them in with one atomic multi-table
 * RENAME, then writes the checkpoint. SQL is limited to what ClickHouse 18.16 and current servers both
 * accept (no server-side parameters: every literal is escaped, every identifier comes from a declaration;
 * timestamps are Int64 milliseconds since 18.16 has no DateTime64). Thread-safe; close it to close the
 * client.
 */
public final class ClickHouseReadModelStore implements ReadModelStore, AutoCloseable {
    private static final String SHADOW = "__shadow";
    private static final int LOAD_CHUNK = 2_000;
    private static final String SHADOW_CHECKPOINT = "#rebuild";

    private final Client client;
    private final String database;
    private final ClickHouseCalls calls;
    private final CheckpointTable checkpointTable;
    private final ClickHouseCheckpointStore checkpoints;

    /** A store in {@code config}'s database, created with readmodel's checkpoint table if missing. */
    public ClickHouseReadModelStore(ClickHouseConfig config) {
        this.client = config.client();
        this.database = config.database();
        this.calls = new ClickHouseCalls(client);
        this.checkpointTable = new CheckpointTable(database, calls);
        this.checkpoints = new ClickHouseCheckpointStore(checkpointTable);
        calls.execute("CREATE DATABASE IF NOT EXISTS " + ClickHouseSql.name(database), "Creating database [" + database + "]");
        calls.execute(checkpointTable.createSql(), "Creating the checkpoint table");
    }

    /** The server's version, such as {@code 18.16.1} or {@code 25.3.2.39}. */
    public String serverVersion() {
        return calls.version();
    }

    @Override
    public String name() {
        return "clickhouse";
    }

    @Override
    public DeliveryGuarantee guarantee() {
        return DeliveryGuarantee.IDEMPOTENT;
    }

    @Override
    public CheckpointStore checkpoints() {
        return checkpoints;
    }

    private ClickHouseTable live(ReadModel model) {
        return new ClickHouseTable(model, database, model.name());
    }

    private ClickHouseTable shadow(ReadModel model) {
        return new ClickHouseTable(model, database, model.name() + SHADOW);
    }

    @Override
    public void prepare(List<ReadModel> models) {
        for (ReadModel model : models) {
            calls.execute(live(model).createSql(), "Creating the table of read model [" + model.name() + "]");
        }
    }

    @Override
    public Map<String, StoredDocument> load(ReadModel model, Collection<String> ids) {
        return load(live(model), ids);
    }

    private Map<String, StoredDocument> load(ClickHouseTable table, Collection<String> ids) {
        Map<String, StoredDocument> found = new java.util.HashMap<>();
        List<String> all = List.copyOf(ids);
        // keys are literals in the SQL: chunks keep each query well under max_query_size (256 KiB by default)
        for (int from = 0; from < all.size(); from += LOAD_CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + LOAD_CHUNK));
            found.putAll(table.stored(calls.rows(table.loadSql(chunk), "Loading " + chunk.size() + " documents of read model ["
                    + table.model().name() + "]")));
        }
        return found;
    }

    @Override
    public void commit(WriteBatch batch) {
        write(batch, false);
        checkpointTable.store(batch.projection(), batch.checkpoint());
    }

    private void write(WriteBatch batch, boolean toShadow) {
        Map<ReadModel, List<DocumentWrite>> byModel = new LinkedHashMap<>();
        for (DocumentWrite write : batch.writes()) {
            byModel.computeIfAbsent(write.model(), m -> new ArrayList<>()).add(write);
        }
        for (Map.Entry<ReadModel, List<DocumentWrite>> entry : byModel.entrySet()) {
            ClickHouseTable table = toShadow ? shadow(entry.getKey()) : live(entry.getKey());
            List<DocumentWrite> writes = entry.getValue();
            calls.insertRowBinary(table.insertTarget(), table.insertColumns(), out -> table.writeRows(writes, out),
                    "Inserting " + entry.getValue().size()
                    + " rows of projection [" + batch.projection() + "] up to position [" + batch.checkpoint() + "]");
        }
    }

    @Override
    public long checkpoint(String projection) {
        return checkpointTable.load(projection);
    }

    @Override
    public void truncate(String projection, List<ReadModel> models) {
        // checkpoint first: a crash in between replays into old rows, which versions make harmless
        checkpointTable.store(projection, 0);
        for (ReadModel model : models) {
            recreate(live(model));
        }
    }

    private void recreate(ClickHouseTable table) {
        calls.execute("DROP TABLE IF EXISTS " + table.qualified(), "Dropping " + table.qualified());
        calls.execute(table.createSql(), "Creating " + table.qualified());
    }

    @Override
    public List<Document> query(ReadModel model, Query query) {
        ClickHouseTable table = live(model);
        List<Document> documents = new ArrayList<>();
        for (JsonNode row : calls.rows(ClickHouseQuerySql.query(table, model.check(query)), "Querying read model ["
                + model.name() + "]")) {
            documents.add(table.document(row));
        }
        return documents;
    }

    @Override
    public List<Document> aggregate(ReadModel model, Aggregation aggregation) {
        Aggregation checked = model.check(aggregation);
        List<Document> groups = new ArrayList<>();
        for (JsonNode row : calls.rows(ClickHouseQuerySql.aggregate(live(model), checked), "Aggregating read model ["
                + model.name() + "]")) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (String field : checked.groupBy()) {
                Object value = readValue(model.typeOf(field), row.get(field));
                if (value != null) {
                    fields.put(field, value);
                }
            }
            for (Metric metric : checked.metrics()) {
                FieldType type = metric instanceof Metric.Sum sum ? model.typeOf(sum.field()) : FieldType.LONG;
                Object value = readValue(type, row.get(metric.alias()));
                if (value != null) {
                    fields.put(metric.alias(), value);
                }
            }
            groups.add(Document.of(fields));
        }
        return groups;
    }

    private static Object readValue(FieldType type, JsonNode node) {
        return dev.readmodel.clickhouse.internal.ClickHouseValues.read(type, node);
    }

    @Override
    public RebuildTarget beginRebuild(String projection, List<ReadModel> models) {
        for (ReadModel model : models) {
            recreate(shadow(model));
        }
        checkpointTable.store(projection + SHADOW_CHECKPOINT, 0);
        return new Shadow(projection, List.copyOf(models));
    }

    @Override
    public DocumentWriter inTransaction(StoreTransaction transaction) {
        throw new ConfigurationException("ClickHouse has no transactions to share: run ClickHouse projections PERSISTENT, not INLINE");
    }

    /** Closes the client. */
    @Override
    public void close() {
        client.close();
    }

    private final class Shadow implements RebuildTarget {
        private final String projection;
        private final List<ReadModel> models;

        Shadow(String projection, List<ReadModel> models) {
            this.projection = projection;
            this.models = models;
        }

        @Override
        public Map<String, StoredDocument> load(ReadModel model, Collection<String> ids) {
            return ClickHouseReadModelStore.this.load(shadow(model), ids);
        }

        @Override
        public void commit(WriteBatch batch) {
            write(batch, true);
            checkpointTable.store(projection + SHADOW_CHECKPOINT, batch.checkpoint());
        }

        @Override
        public long checkpoint(String name) {
            return checkpointTable.load(projection + SHADOW_CHECKPOINT);
        }

        @Override
        public void swap() {
            List<String> renames = new ArrayList<>();
            List<String> dropOld = new ArrayList<>();
            for (ReadModel model : models) {
                ClickHouseTable live = live(model);
                String old = ClickHouseSql.table(database, model.name() + "__old");
                calls.execute("DROP TABLE IF EXISTS " + old, "Dropping " + old);
                calls.execute(live.createSql(), "Creating " + live.qualified());
                renames.add(live.qualified() + " TO " + old);
                renames.add(shadow(model).qualified() + " TO " + live.qualified());
                dropOld.add(old);
            }
            // one RENAME statement renames every pair atomically, on 18.16 and on current servers
            calls.execute("RENAME TABLE " + String.join(", ", renames), "Swapping in the rebuilt tables of projection ["
                    + projection + "]");
            checkpointTable.store(projection, checkpointTable.load(projection + SHADOW_CHECKPOINT));
            for (String old : dropOld) {
                calls.execute("DROP TABLE IF EXISTS " + old, "Dropping " + old);
            }
        }

        @Override
        public void abort() {
            for (ReadModel model : models) {
                calls.execute("DROP TABLE IF EXISTS " + shadow(model).qualified(), "Dropping " + shadow(model).qualified());
            }
        }
    }
}
