package dev.readmodel.postgres;

import dev.readmodel.core.error.CheckpointMovedException;
import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.NativeWork;
import dev.readmodel.core.query.Aggregation;
import dev.readmodel.core.query.Filter;
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
import dev.readmodel.postgres.internal.AggregateRows;
import dev.readmodel.postgres.internal.CheckpointRows;
import dev.readmodel.postgres.internal.DocumentTable;
import dev.readmodel.postgres.internal.Jdbc;
import dev.readmodel.postgres.internal.NativeTables;
import dev.readmodel.postgres.internal.PostgresSchema;
import dev.readmodel.postgres.internal.PostgresShadowTables;
import dev.readmodel.postgres.internal.PostgresTables;
import dev.readmodel.postgres.internal.PostgresTransaction;
import dev.readmodel.postgres.internal.QuerySql;
import dev.readmodel.postgres.internal.SqlNames;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Read models as PostgreSQL tables, one per {@link ReadModel}: a column per field, the key as primary
 * key, and {@code _version}, the position of the last event that wrote the row.
 *
 * <p>Delivery guarantee: {@link DeliveryGuarantee#ATOMIC}, exactly-once. A batch's upserts, deletes and
 * checkpoint commit in one transaction; after a crash either all of a batch is there or none of it.
 * Each table gets one multi-row upsert per batch. Rebuilds: truncate-and-replay drops and recreates the
 * tables and resets the checkpoint in one transaction; zero-downtime builds {@code <name>__shadow}
 * tables and swaps them in, with the checkpoint, in one transaction. Inline projections join the
 * transaction of a {@link PostgresEventStore} append on the same database. Queries are SQL with bound
 * parameters; field names can only be the declared ones. Thread-safe.
 *
 * <p>Native work: a projection that declares {@code nativeWork(PostgresWork.class, tables...)} runs its
 * {@link dev.readmodel.postgres.sql.PostgresWork} in each batch's transaction, after the document writes
 * and before the checkpoint; its declared tables, which must exist when the engine starts, are
 * truncated by a truncate rebuild and copied and swapped with the read models by a zero-downtime one,
 * which is refused when the projection declares native work without tables.
 */
public final class PostgresReadModelStore implements ReadModelStore {
    private final DataSource dataSource;
    private final String schema;
    private final PostgresTables live;
    private final CheckpointRows checkpointRows;
    private final PostgresCheckpointStore checkpoints;
    private final Map<String, NativeTables> nativeTables = new ConcurrentHashMap<>();

    /** Read models in schema {@code public}. */
    public PostgresReadModelStore(DataSource dataSource) {
        this(dataSource, "public");
    }

    /** Read models in {@code schema}; creates readmodel's own tables there if missing. */
    public PostgresReadModelStore(DataSource dataSource, String schema) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.schema = schema;
        SqlNames.quote(schema);
        this.live = PostgresTables.live(schema);
        this.checkpointRows = new CheckpointRows(schema);
        this.checkpoints = new PostgresCheckpointStore(dataSource, schema);
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public DeliveryGuarantee guarantee() {
        return DeliveryGuarantee.ATOMIC;
    }

    @Override
    public CheckpointStore checkpoints() {
        return checkpoints;
    }

    /**
     * Accepts {@link dev.readmodel.postgres.sql.PostgresWork} whose declared tables exist in this store's schema.
     *
     * @throws ConfigurationException when the kind is another, a table name is not a plain lower-case
     *     identifier or a table is missing
     */
    @Override
    public void acceptNativeWork(String projection, NativeWork work) {
        NativeTables tables = NativeTables.of(projection, schema, work);
        Jdbc.withConnection(dataSource, "Checking the native tables " + tables.names() + " of projection [" + projection + "]",
                connection -> {
                    tables.verify(connection);
                    return null;
                });
        nativeTables.put(projection, tables);
    }

    @Override
    public void prepare(List<ReadModel> models) {
        Jdbc.inTransaction(dataSource, "Preparing tables for " + PostgresTables.describe(models), connection -> {
            PostgresSchema.lock(connection);
            for (ReadModel model : models) {
                DocumentTable table = live.table(model);
                table.create(connection);
                table.verify(connection);
            }
            return null;
        });
    }

    @Override
    public Map<String, StoredDocument> load(ReadModel model, Collection<String> ids) {
        return Jdbc.withConnection(dataSource, "Loading " + ids.size() + " documents of read model [" + model.name() + "]",
                connection -> live.table(model).load(connection, ids));
    }

    /** One SELECT of keys on a pooled connection; it sees every committed batch (each commits in one transaction). */
    @Override
    public List<String> matchingIds(ReadModel model, List<Filter> filters, int limit) {
        QuerySql sql = QuerySql.ids(live.table(model), filters, limit);
        return Jdbc.withConnection(dataSource, "Finding documents of read model [" + model.name() + "] for a set-based write",
                connection -> sql.rows(connection, rs -> rs.getString(1)));
    }

    @Override
    public void commit(WriteBatch batch) {
        Jdbc.inTransaction(dataSource, "Committing " + batch.writes().size() + " writes and checkpoint ["
                + batch.checkpoint() + "] of projection [" + batch.projection() + "]", connection -> {
                    write(connection, batch);
                    return null;
                });
    }

    /** {@link ConditionalCommit#ATOMIC}: {@link #commitIfCheckpoint} checks and commits in one transaction. */
    @Override
    public ConditionalCommit conditionalCommit() {
        return ConditionalCommit.ATOMIC;
    }

    /**
     * Moves the checkpoint first, conditionally, holding its row locked, then writes, in one transaction:
     * of two writers committing from the same checkpoint, the second waits for the first and is refused.
     */
    @Override
    public void commitIfCheckpoint(WriteBatch batch, long expected) {
        Jdbc.inTransaction(dataSource, "Committing " + batch.writes().size() + " writes and checkpoint ["
                + batch.checkpoint() + "] of projection [" + batch.projection() + "] if it is still at [" + expected
                + "]", connection -> {
                    long found = checkpointRows.moveIf(connection, batch.projection(), expected, batch.checkpoint());
                    if (found != expected) {
                        throw new CheckpointMovedException(batch.projection(), expected, found);
                    }
                    write(connection, batch);
                    return null;
                });
    }

    private void write(Connection connection, WriteBatch batch) throws SQLException {
        live.write(connection, batch);
        if (!batch.work().isEmpty()) {
            nativeTables(batch.projection()).run(connection, batch, false);
        }
        checkpointRows.store(connection, batch.projection(), batch.checkpoint());
    }

    @Override
    public long checkpoint(String projection) {
        return checkpoints.load(projection);
    }

    @Override
    public void truncate(String projection, List<ReadModel> models) {
        Jdbc.inTransaction(dataSource, "Truncating " + PostgresTables.describe(models) + " of projection [" + projection + "]", connection -> {
            live.recreate(connection, models);
            nativeTables(projection).truncate(connection);
            checkpointRows.store(connection, projection, 0);
            return null;
        });
    }

    @Override
    public List<Document> query(ReadModel model, Query query) {
        Query checked = model.check(query);
        DocumentTable table = live.table(model);
        QuerySql sql = QuerySql.of(table, checked);
        return Jdbc.withConnection(dataSource, () -> "Querying read model [" + model.name() + "] with " + checked,
                connection -> sql.rows(connection, table::document));
    }

    @Override
    public List<Document> aggregate(ReadModel model, Aggregation aggregation) {
        Aggregation checked = model.check(aggregation);
        QuerySql sql = QuerySql.of(live.table(model), checked);
        return Jdbc.withConnection(dataSource, () -> "Aggregating read model [" + model.name() + "] with " + checked,
                connection -> sql.rows(connection, rs -> AggregateRows.group(model, checked, rs)));
    }

    @Override
    public RebuildTarget beginRebuild(String projection, List<ReadModel> models) {
        NativeTables tables = nativeTables(projection);
        if (nativeTables.containsKey(projection) && tables.names().isEmpty()) {
            throw new ConfigurationException("Projection [" + projection + "] declares native work without tables: a "
                    + "zero-downtime rebuild cannot give its SQL shadow copies to write; declare the tables it writes "
                    + "with nativeWork(PostgresWork.class, tables...), or rebuild by truncating");
        }
        return ShadowRebuild.begin(projection, models,
                new PostgresShadowTables(dataSource, schema, checkpointRows, projection, tables), checkpoints);
    }

    private NativeTables nativeTables(String projection) {
        NativeTables tables = nativeTables.get(projection);
        return tables != null ? tables : NativeTables.none(projection, schema);
    }

    @Override
    public DocumentWriter inTransaction(StoreTransaction transaction) {
        Connection connection = StoreTransaction.require(transaction, PostgresTransaction.class, "PostgreSQL",
                "a PostgresEventStore").connection();
        CheckpointStore joined = checkpointRows.on(connection, "inside an append");
        return new DocumentWriter() {
            @Override
            public Map<String, StoredDocument> load(ReadModel model, Collection<String> ids) {
                try {
                    return live.table(model).load(connection, ids);
                } catch (SQLException e) {
                    throw Jdbc.translate("Loading documents of read model [" + model.name() + "] inside an append", e);
                }
            }

            /** On the append's own connection: the ids the transaction sees, its uncommitted writes included. */
            @Override
            public List<String> matchingIds(ReadModel model, List<Filter> filters, int limit) {
                try {
                    return QuerySql.ids(live.table(model), filters, limit).rows(connection, rs -> rs.getString(1));
                } catch (SQLException e) {
                    throw Jdbc.translate("Finding documents of read model [" + model.name() + "] inside an append", e);
                }
            }

            @Override
            public void commit(WriteBatch batch) {
                try {
                    write(connection, batch);
                } catch (SQLException e) {
                    throw Jdbc.translate("Writing projection [" + batch.projection() + "] inside an append", e);
                }
            }

            @Override
            public long checkpoint(String projection) {
                return joined.load(projection);
            }
        };
    }
}
