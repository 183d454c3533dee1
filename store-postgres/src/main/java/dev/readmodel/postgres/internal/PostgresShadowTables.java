package dev.readmodel.postgres.internal;

import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.spi.ShadowTables;
import dev.readmodel.core.spi.StoredDocument;
import dev.readmodel.core.spi.WriteBatch;
import java.sql.Statement;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The shadow tables of one zero-downtime rebuild. Every step runs in one transaction with its checkpoint
 * step: the shadow writes with the shadow checkpoint, and the swap (drop live, rename shadow and its
 * primary key) with the checkpoint move, so readers see the old tables and checkpoint or the new ones.
 * The projection's native tables get shadow copies too, which its native work writes and the swap puts in place.
 * Thread-safe, though one rebuild uses it.
 */
public final class PostgresShadowTables implements ShadowTables {
    private final DataSource dataSource;
    private final CheckpointRows checkpointRows;
    private final PostgresTables live;
    private final PostgresTables shadow;
    private final String projection;
    private final NativeTables nativeTables;

    /** The shadow tables of {@code projection}'s rebuild in {@code schema}. */
    public PostgresShadowTables(DataSource dataSource, String schema, CheckpointRows checkpointRows, String projection) {
        this(dataSource, schema, checkpointRows, projection, NativeTables.none(projection, schema));
    }

    /** The shadow tables of {@code projection}'s rebuild in {@code schema}, its native tables' included. */
    public PostgresShadowTables(DataSource dataSource, String schema, CheckpointRows checkpointRows, String projection,
            NativeTables nativeTables) {
        this.nativeTables = nativeTables;
        this.dataSource = dataSource;
        this.checkpointRows = checkpointRows;
        this.live = PostgresTables.live(schema);
        this.shadow = PostgresTables.shadow(schema);
        this.projection = projection;
    }

    @Override
    public void create(List<ReadModel> models, CheckpointStep then) {
        Jdbc.inTransaction(dataSource, "Creating shadow tables for " + PostgresTables.describe(models), connection -> {
            shadow.recreate(connection, models);
            nativeTables.createShadows(connection);
            then.applyTo(checkpointRows.on(connection, "of a rebuild"));
            return null;
        });
    }

    @Override
    public Map<String, StoredDocument> load(ReadModel model, Collection<String> ids) {
        return Jdbc.withConnection(dataSource, "Loading shadow documents of read model [" + model.name() + "]",
                connection -> shadow.table(model).load(connection, ids));
    }

    @Override
    public List<String> matchingIds(ReadModel model, List<Filter> filters, int limit) {
        QuerySql sql = QuerySql.ids(shadow.table(model), filters, limit);
        return Jdbc.withConnection(dataSource, "Finding shadow documents of read model [" + model.name() + "]",
                connection -> sql.rows(connection, rs -> rs.getString(1)));
    }

    @Override
    public void write(WriteBatch batch, CheckpointStep then) {
        Jdbc.inTransaction(dataSource, "Committing to shadow tables of projection [" + projection + "]", connection -> {
            shadow.write(connection, batch);
            nativeTables.run(connection, batch, true);
            then.applyTo(checkpointRows.on(connection, "of a rebuild"));
            return null;
        });
    }

    @Override
    public void swapIn(List<ReadModel> models, CheckpointStep then) {
        Jdbc.inTransaction(dataSource, "Swapping in the rebuilt tables of projection [" + projection + "]", connection -> {
            PostgresSchema.lock(connection);
            try (Statement statement = connection.createStatement()) {
                for (ReadModel model : models) {
                    DocumentTable replaced = live.table(model);
                    DocumentTable rebuilt = shadow.table(model);
                    replaced.drop(connection);
                    statement.execute("ALTER TABLE " + rebuilt.qualified() + " RENAME TO " + SqlNames.quote(replaced.name()));
                    statement.execute("ALTER TABLE " + replaced.qualified() + " RENAME CONSTRAINT "
                            + SqlNames.quote(rebuilt.primaryKey()) + " TO " + SqlNames.quote(replaced.primaryKey()));
                }
            }
            nativeTables.swapIn(connection);
            then.applyTo(checkpointRows.on(connection, "of a rebuild"));
            return null;
        });
    }

    @Override
    public void drop(List<ReadModel> models, CheckpointStep then) {
        Jdbc.inTransaction(dataSource, "Dropping the shadow tables of projection [" + projection + "]", connection -> {
            for (ReadModel model : models) {
                shadow.table(model).drop(connection);
            }
            nativeTables.dropShadows(connection);
            then.applyTo(checkpointRows.on(connection, "of a rebuild"));
            return null;
        });
    }
}
