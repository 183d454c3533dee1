package dev.readmodel.postgres;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Aggregation;
import dev.readmodel.core.query.Metric;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.spi.CheckpointStore;
import dev.readmodel.core.spi.DeliveryGuarantee;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.DocumentWriter;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.core.spi.RebuildTarget;
import dev.readmodel.core.spi.StoreTransaction;
import dev.readmodel.core.spi.StoredDocument;
import dev.readmodel.core.spi.WriteBatch;
import dev.readmodel.postgres.internal.CheckpointRows;
import dev.readmodel.postgres.internal.ColumnTypes;
import dev.readmodel.postgres.internal.DocumentTable;
import dev.readmodel.postgres.internal.Jdbc;
import dev.readmodel.postgres.internal.PostgresTransaction;
import dev.readmodel.postgres.internal.QuerySql;
import dev.readmodel.postgres.internal.SqlNames;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 */
public final class PostgresReadModelStore implements ReadModelStore {
    private static final String SHADOW = "__shadow";
    private static final String SHADOW_CHECKPOINT = "#rebuild";

    private final DataSource dataSource;
    private final String schema;
    private final CheckpointRows checkpointRows;
    private final PostgresCheckpointStore checkpoints;

    /** Read models in schema {@code public}. */
    public PostgresReadModelStore(DataSource dataSource) {
        this(dataSource, "public");
    }

    /** Read models in {@code schema}; creates readmodel's own tables there if missing. */
    public PostgresReadModelStore(DataSource dataSource, String schema) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.schema = schema;
        SqlNames.quote(schema);
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

    private DocumentTable live(ReadModel model) {
        return new DocumentTable(model, schema, model.name());
    }

    private DocumentTable shadow(ReadModel model) {
        return new DocumentTable(model, schema, model.name() + SHADOW);
    }

    @Override
    public void prepare(List<ReadModel> models) {
        Jdbc.inTransaction(dataSource, "Preparing tables for " + names(models), connection -> {
            lockSchema(connection);
            for (ReadModel model : models) {
                DocumentTable table = live(model);
                table.create(connection);
                table.verify(connection);
            }
            return null;
        });
    }

    @Override
    public Map<String, StoredDocument> load(ReadModel model, Collection<String> ids) {
        return Jdbc.withConnection(dataSource, "Loading " + ids.size() + " documents of read model [" + model.name() + "]",
                connection -> live(model).load(connection, ids));
    }

    @Override
    public void commit(WriteBatch batch) {
        Jdbc.inTransaction(dataSource, "Committing " + batch.writes().size() + " writes and checkpoint ["
                + batch.checkpoint() + "] of projection [" + batch.projection() + "]", connection -> {
                    write(connection, batch, false);
                    return null;
                });
    }

    private void write(Connection connection, WriteBatch batch, boolean toShadow) throws SQLException {
        Map<ReadModel, List<DocumentWrite>> byModel = new LinkedHashMap<>();
        for (DocumentWrite write : batch.writes()) {
            byModel.computeIfAbsent(write.model(), m -> new ArrayList<>()).add(write);
        }
        for (Map.Entry<ReadModel, List<DocumentWrite>> entry : byModel.entrySet()) {
            (toShadow ? shadow(entry.getKey()) : live(entry.getKey())).write(connection, entry.getValue());
        }
        checkpointRows.store(connection, batch.projection() + (toShadow ? SHADOW_CHECKPOINT : ""), batch.checkpoint());
    }

    @Override
    public long checkpoint(String projection) {
        return checkpoints.load(projection);
    }

    @Override
    public void truncate(String projection, List<ReadModel> models) {
        Jdbc.inTransaction(dataSource, "Truncating " + names(models) + " of projection [" + projection + "]", connection -> {
            lockSchema(connection);
            for (ReadModel model : models) {
                DocumentTable table = live(model);
                drop(connection, table);
                table.create(connection);
            }
            checkpointRows.store(connection, projection, 0);
            return null;
        });
    }

    @Override
    public List<Document> query(ReadModel model, Query query) {
        Query checked = model.check(query);
        DocumentTable table = live(model);
        QuerySql sql = QuerySql.of(table, checked);
        return Jdbc.withConnection(dataSource, "Querying read model [" + model.name() + "] with " + checked, connection -> {
            List<Document> documents = new ArrayList<>();
            try (PreparedStatement statement = sql.prepare(connection); ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    documents.add(table.document(rs));
                }
            }
            return documents;
        });
    }

    @Override
    public List<Document> aggregate(ReadModel model, Aggregation aggregation) {
        Aggregation checked = model.check(aggregation);
        QuerySql sql = QuerySql.of(live(model), checked);
        return Jdbc.withConnection(dataSource, "Aggregating read model [" + model.name() + "] with " + checked, connection -> {
            List<Document> groups = new ArrayList<>();
            try (PreparedStatement statement = sql.prepare(connection); ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    groups.add(group(model, checked, rs));
                }
            }
            return groups;
        });
    }

    private static Document group(ReadModel model, Aggregation aggregation, ResultSet rs) throws SQLException {
        Map<String, Object> fields = new LinkedHashMap<>();
        int column = 1;
        for (String field : aggregation.groupBy()) {
            Object value = ColumnTypes.read(rs, column++, model.typeOf(field));
            if (value != null) {
                fields.put(field, value);
            }
        }
        for (Metric metric : aggregation.metrics()) {
            if (metric instanceof Metric.Sum sum) {
                // sum(bigint) is numeric in PostgreSQL: read it back as the field's own type
                FieldType type = model.typeOf(sum.field());
                Object value = type == FieldType.LONG ? rs.getBigDecimal(column) : ColumnTypes.read(rs, column, type);
                column++;
                if (value != null) {
                    fields.put(metric.alias(), type == FieldType.LONG ? ((java.math.BigDecimal) value).longValueExact() : value);
                }
            } else {
                fields.put(metric.alias(), rs.getLong(column++));
            }
        }
        return Document.of(fields);
    }

    @Override
    public RebuildTarget beginRebuild(String projection, List<ReadModel> models) {
        Jdbc.inTransaction(dataSource, "Creating shadow tables for " + names(models), connection -> {
            lockSchema(connection);
            for (ReadModel model : models) {
                DocumentTable table = shadow(model);
                drop(connection, table);
                table.create(connection);
            }
            checkpointRows.delete(connection, projection + SHADOW_CHECKPOINT);
            return null;
        });
        return new Shadow(projection, List.copyOf(models));
    }

    @Override
    public DocumentWriter inTransaction(StoreTransaction transaction) {
        if (!(transaction instanceof PostgresTransaction postgres)) {
            throw new ConfigurationException("The PostgreSQL read-model store joins only transactions of a PostgresEventStore, not ["
                    + transaction.getClass().getName() + "]");
        }
        Connection connection = postgres.connection();
        return new DocumentWriter() {
            @Override
            public Map<String, StoredDocument> load(ReadModel model, Collection<String> ids) {
                try {
                    return live(model).load(connection, ids);
                } catch (SQLException e) {
                    throw Jdbc.translate("Loading documents of read model [" + model.name() + "] inside an append", e);
                }
            }

            @Override
            public void commit(WriteBatch batch) {
                try {
                    write(connection, batch, false);
                } catch (SQLException e) {
                    throw Jdbc.translate("Writing projection [" + batch.projection() + "] inside an append", e);
                }
            }

            @Override
            public long checkpoint(String projection) {
                try {
                    return checkpointRows.load(connection, projection);
                } catch (SQLException e) {
                    throw Jdbc.translate("Loading the checkpoint of projection [" + projection + "] inside an append", e);
                }
            }
        };
    }

    private static void drop(Connection connection, DocumentTable table) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + table.qualified());
        }
    }

    private static void lockSchema(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(hashtext('readmodel-schema'))");
        }
    }

    private static String names(List<ReadModel> models) {
        return "read models " + models.stream().map(ReadModel::name).toList();
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
            return Jdbc.withConnection(dataSource, "Loading shadow documents of read model [" + model.name() + "]",
                    connection -> shadow(model).load(connection, ids));
        }

        @Override
        public void commit(WriteBatch batch) {
            Jdbc.inTransaction(dataSource, "Committing to shadow tables of projection [" + projection + "]", connection -> {
                write(connection, batch, true);
                return null;
            });
        }

        @Override
        public long checkpoint(String name) {
            return checkpoints.load(projection + SHADOW_CHECKPOINT);
        }

        @Override
        public void swap() {
            Jdbc.inTransaction(dataSource, "Swapping in the rebuilt tables of projection [" + projection + "]", connection -> {
                lockSchema(connection);
                try (Statement statement = connection.createStatement()) {
                    for (ReadModel model : models) {
                        DocumentTable live = live(model);
                        statement.execute("DROP TABLE IF EXISTS " + live.qualified());
                        statement.execute("ALTER TABLE " + shadow(model).qualified() + " RENAME TO "
                                + SqlNames.quote(model.name()));
                        statement.execute("ALTER TABLE " + live.qualified() + " RENAME CONSTRAINT "
                                + SqlNames.quote(model.name() + SHADOW + "_pkey") + " TO " + SqlNames.quote(model.name() + "_pkey"));
                    }
                }
                checkpointRows.store(connection, projection, checkpointRows.load(connection, projection + SHADOW_CHECKPOINT));
                checkpointRows.delete(connection, projection + SHADOW_CHECKPOINT);
                return null;
            });
        }

        @Override
        public void abort() {
            Jdbc.inTransaction(dataSource, "Dropping the shadow tables of projection [" + projection + "]", connection -> {
                for (ReadModel model : models) {
                    drop(connection, shadow(model));
                }
                checkpointRows.delete(connection, projection + SHADOW_CHECKPOINT);
                return null;
            });
        }
    }
}
