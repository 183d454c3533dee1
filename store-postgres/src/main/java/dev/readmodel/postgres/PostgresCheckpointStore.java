package dev.readmodel.postgres;

import dev.readmodel.core.projection.Checkpoint;
import dev.readmodel.core.spi.CheckpointStore;
import dev.readmodel.postgres.internal.CheckpointRows;
import dev.readmodel.postgres.internal.Jdbc;
import dev.readmodel.postgres.internal.PostgresSchema;
import javax.sql.DataSource;

/**
 * Checkpoints in the table {@code readmodel_checkpoints}. The {@link PostgresReadModelStore} writes the
 * same rows inside its batch transactions; use this class directly for checkpoints of your own.
 * Thread-safe.
 */
public final class PostgresCheckpointStore implements CheckpointStore {
    private final DataSource dataSource;
    private final CheckpointRows rows;

    /** Checkpoints in {@code schema}; creates readmodel's tables there if missing. */
    public PostgresCheckpointStore(DataSource dataSource, String schema) {
        this.dataSource = dataSource;
        this.rows = new CheckpointRows(schema);
        PostgresSchema.create(dataSource, schema);
    }

    @Override
    public long load(String projection) {
        return Jdbc.withConnection(dataSource, "Loading the checkpoint of projection [" + projection + "]",
                c -> rows.load(c, projection));
    }

    @Override
    public void store(Checkpoint checkpoint) {
        Jdbc.withConnection(dataSource, "Saving checkpoint [" + checkpoint.position() + "] of projection ["
                + checkpoint.projection() + "]", c -> {
                    rows.store(c, checkpoint.projection(), checkpoint.position());
                    return null;
                });
    }
}
