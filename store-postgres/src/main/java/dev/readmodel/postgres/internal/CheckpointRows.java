package dev.readmodel.postgres.internal;

import dev.readmodel.core.projection.Checkpoint;
import dev.readmodel.core.spi.CheckpointStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The checkpoints table. */
public final class CheckpointRows {
    private final String table;

    public CheckpointRows(String schema) {
        this.table = SqlNames.qualified(schema, "readmodel_checkpoints");
    }

    public long load(Connection connection, String projection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT position FROM " + table + " WHERE projection = ?")) {
            select.setString(1, projection);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    public void store(Connection connection, String projection, long position) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + table + " (projection, position, updated_at) "
                + "VALUES (?, ?, now()) ON CONFLICT (projection) DO UPDATE SET position = EXCLUDED.position, updated_at = now()")) {
            upsert.setString(1, projection);
            upsert.setLong(2, position);
            upsert.executeUpdate();
        }
    }

    /**
     * These rows as a checkpoint store on {@code connection}, inside its open transaction.
     *
     * @param where where the transaction is, for messages, such as {@code "inside an append"}
     */
    public CheckpointStore on(Connection connection, String where) {
        return new CheckpointStore() {
            @Override
            public long load(String projection) {
                try {
                    return CheckpointRows.this.load(connection, projection);
                } catch (SQLException e) {
                    throw Jdbc.translate("Loading the checkpoint of projection [" + projection + "] " + where, e);
                }
            }

            @Override
            public void store(Checkpoint checkpoint) {
                try {
                    CheckpointRows.this.store(connection, checkpoint.projection(), checkpoint.position());
                } catch (SQLException e) {
                    throw Jdbc.translate("Saving checkpoint [" + checkpoint.position() + "] of projection ["
                            + checkpoint.projection() + "] " + where, e);
                }
            }
        };
    }
}
