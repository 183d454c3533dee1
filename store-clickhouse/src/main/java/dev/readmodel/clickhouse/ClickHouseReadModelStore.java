package dev.readmodel.clickhouse;

import dev.readmodel.clickhouse.internal.CheckpointTable;
import dev.readmodel.clickhouse.internal.ClickHouseCalls;
import dev.readmodel.clickhouse.internal.ClickHouseCopy;
import dev.readmodel.clickhouse.internal.ClickHouseQuerySql;
import dev.readmodel.clickhouse.internal.ClickHouseShadowTables;
import dev.readmodel.clickhouse.internal.ClickHouseSql;
import dev.readmodel.clickhouse.internal.ClickHouseTable;
import dev.readmodel.clickhouse.internal.ClickHouseTables;
import dev.readmodel.clickhouse.internal.ServerDialect;
import dev.readmodel.core.error.CheckpointMovedException;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Aggregation;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Metric;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.spi.CheckpointStore;
import dev.readmodel.core.spi.ConditionalCommit;
import dev.readmodel.core.spi.DeliveryGuarantee;
import dev.readmodel.core.spi.DocumentWriter;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.core.spi.RebuildTarget;
import dev.readmodel.core.spi.ShadowRebuild;
import dev.readmodel.core.spi.StoreTransaction;
import dev.readmodel.core.spi.StoredDocument;
import dev.readmodel.core.spi.WriteBatch;
import com.clickhouse.client.api.Client;
import com.fasterxml.jackson.databind.JsonNode;
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
 * Deletes are tombstone rows. A conditional commit ({@link #commitIfCheckpoint}) is not atomic: the
 * checkpoint never moves back, but racing writers may all write ({@link ConditionalCommit#MONOTONIC_CHECKPOINT}).
 *
 * <p>Servers: 18.16 and current ones (tested on 18.16 and 26.7). What the server offers is detected once
 * ({@link ServerDialect}): current servers get server-side query parameters, {@code DateTime64(3, 'UTC')}
 * timestamps and {@code ReplacingMergeTree(_version, _deleted)} in new tables, and swaps by
 * {@code EXCHANGE TABLES}; 18.16 gets escaped literals, Int64 millisecond timestamps and one atomic
 * multi-table RENAME. A table keeps the layout it was made with, so a server upgrade never breaks an
 * existing read model; the next rebuild makes it anew. Rebuilds: truncate fills nothing and swaps an
 * empty table in after resetting the checkpoint; zero-downtime fills {@code <name>__shadow} tables and
 * swaps them in, then writes the checkpoint. Either way readers meet the old table or the new one, never
 * a missing one. Every identifier is quoted and comes from a declaration. Thread-safe; close it to close
 * the client.
 */
public final class ClickHouseReadModelStore implements ReadModelStore, AutoCloseable {
    private static final String FRESH = "__new";

    private final Client client;
    private final ClickHouseCalls calls;
    private final ServerDialect dialect;
    private final ClickHouseTables tables;
    private final ClickHouseCopy live;
    private final CheckpointTable checkpointTable;
    private final ClickHouseCheckpointStore checkpoints;

    /** A store in {@code config}'s database, created with readmodel's checkpoint table if missing. */
    public ClickHouseReadModelStore(ClickHouseConfig config) {
        this.client = config.client();
        this.calls = new ClickHouseCalls(client);
        String database = config.database();
        calls.execute("CREATE DATABASE IF NOT EXISTS " + ClickHouseSql.name(database), "Creating database [" + database + "]");
        this.dialect = ServerDialect.detect(calls, database);
        this.tables = new ClickHouseTables(calls, database, dialect);
        this.live = ClickHouseCopy.live(calls, dialect, tables);
        this.checkpointTable = new CheckpointTable(database, calls, dialect::values);
        this.checkpoints = new ClickHouseCheckpointStore(checkpointTable);
        calls.execute(checkpointTable.createSql(), "Creating the checkpoint table");
    }

    /** The server's version, such as {@code 18.16.1} or {@code 26.7.2.1}. */
    public String serverVersion() {
        return dialect.version();
    }

    /** What the server was found to offer, and so which SQL forms this store uses. */
    public ServerDialect dialect() {
        return dialect;
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

    @Override
    public void prepare(List<ReadModel> models) {
        for (ReadModel model : models) {
            tables.create(live.table(model));
        }
    }

    @Override
    public Map<String, StoredDocument> load(ReadModel model, Collection<String> ids) {
        return live.load(model, ids);
    }

    @Override
    public List<String> matchingIds(ReadModel model, List<Filter> filters, int limit) {
        return live.matchingIds(model, filters, limit);
    }

    @Override
    public void commit(WriteBatch batch) {
        live.write(batch);
        checkpointTable.store(batch.projection(), batch.checkpoint());
    }

    /**
     * Commits {@code batch} only while the stored checkpoint is {@code expected}, as far as a store without
     * transactions or compare-and-set can ({@link ConditionalCommit#MONOTONIC_CHECKPOINT}). What holds: a
     * batch whose checkpoint is not {@code expected} when it starts is refused before it writes anything;
     * the new checkpoint row is versioned by position, counted from the row it was checked against, so of
     * commits racing from one checkpoint the furthest stays, in whatever order they land, and the checkpoint
     * never moves back; after its write the checkpoint is read back, and a commit that finds another
     * writer's checkpoint there is refused with its documents written ({@link
     * CheckpointMovedException#documentsWritten()}). What does not: nothing is atomic. The documents are
     * inserted before the checkpoint; racing writers may each find their own checkpoint when they read it
     * back, so more than one may be told it committed; and documents of a refused batch stay. They carry
     * the offsets (positions) of their events as versions, so they never replace a newer row, and a writer
     * that re-reads from the stored checkpoint skips what they hold. A reset ({@link #truncate}) or a
     * rebuild's checkpoint is versioned past every stored row and replaces them.
     *
     * @throws CheckpointMovedException when the stored checkpoint is not {@code expected} before the writes,
     *     or is another writer's after its write
     */
    @Override
    public void commitIfCheckpoint(WriteBatch batch, long expected) {
        CheckpointTable.Stored checked = checkpointTable.loadStored(batch.projection());
        if (checked.position() != expected) {
            throw new CheckpointMovedException(batch.projection(), expected, checked.position());
        }
        live.write(batch);
        checkpointTable.storeAfter(batch.projection(), checked, batch.checkpoint());
        long stored = checkpointTable.load(batch.projection());
        if (stored != batch.checkpoint()) {
            throw new CheckpointMovedException(batch.projection(), expected, stored, true);
        }
    }

    @Override
    public ConditionalCommit conditionalCommit() {
        return ConditionalCommit.MONOTONIC_CHECKPOINT;
    }

    @Override
    public long checkpoint(String projection) {
        return checkpointTable.load(projection);
    }

    @Override
    public void truncate(String projection, List<ReadModel> models) {
        // checkpoint first: a crash in between replays into old rows, which versions make harmless
        checkpointTable.storeOver(projection, 0);
        List<ClickHouseTable[]> pairs = new ArrayList<>();
        for (ReadModel model : models) {
            pairs.add(new ClickHouseTable[] {live.table(model), tables.fresh(model, model.name() + FRESH)});
        }
        // an empty table swapped in: readers never meet a missing table, as they would between DROP and CREATE
        tables.swapIn(pairs, Map.of(), "Swapping in the emptied tables of projection [" + projection + "]").forEach(tables::drop);
    }

    @Override
    public List<Document> query(ReadModel model, Query query) {
        ClickHouseTable table = live.table(model);
        ClickHouseQuerySql sql = ClickHouseQuerySql.query(table, model.check(query), dialect.values());
        List<Document> documents = new ArrayList<>();
        for (JsonNode row : calls.rows(sql.sql(), sql.parameters(), "Querying read model [" + model.name() + "] with " + query)) {
            documents.add(table.document(row));
        }
        return documents;
    }

    @Override
    public List<Document> aggregate(ReadModel model, Aggregation aggregation) {
        Aggregation checked = model.check(aggregation);
        ClickHouseTable table = live.table(model);
        ClickHouseQuerySql sql = ClickHouseQuerySql.aggregate(table, checked, dialect.values());
        List<Document> groups = new ArrayList<>();
        for (JsonNode row : calls.rows(sql.sql(), sql.parameters(), "Aggregating read model [" + model.name() + "] by " + aggregation)) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (String field : checked.groupBy()) {
                putIfPresent(fields, field, table.value(model.typeOf(field), row.get(field)));
            }
            List<Metric> metrics = checked.metrics();
            for (int i = 0; i < metrics.size(); i++) {
                FieldType type = metrics.get(i) instanceof Metric.Sum sum ? model.typeOf(sum.field()) : FieldType.LONG;
                putIfPresent(fields, metrics.get(i).alias(), table.value(type, row.get(ClickHouseQuerySql.metricAlias(i))));
            }
            groups.add(Document.of(fields));
        }
        return groups;
    }

    private static void putIfPresent(Map<String, Object> fields, String name, Object value) {
        if (value != null) {
            fields.put(name, value);
        }
    }

    @Override
    public RebuildTarget beginRebuild(String projection, List<ReadModel> models) {
        ClickHouseCopy shadow = ClickHouseCopy.shadow(calls, dialect, tables);
        return ShadowRebuild.begin(projection, models, new ClickHouseShadowTables(tables, live, shadow, projection),
                checkpoints);
    }

    @Override
    public DocumentWriter inTransaction(StoreTransaction transaction) {
        throw StoreTransaction.notShared("ClickHouse", "ClickHouse");
    }

    /** Closes the client. */
    @Override
    public void close() {
        client.close();
    }
}
