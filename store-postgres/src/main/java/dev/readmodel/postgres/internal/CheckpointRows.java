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
     * Moves the checkpoint of {@code projection} from {@code expected} to {@code next} inside the open
     * transaction of {@code connection}, holding its row locked to the end of it, or returns the
     * checkpoint found instead. A writer that races another waits for the other's transaction and then
     * sees its checkpoint (an absent row counts as 0).
     *
     * @return {@code expected} when moved, otherwise the checkpoint found stored
     */
    public long moveIf(Connection connection, String projection, long expected, long next) throws SQLException {
        if (expected == 0) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
                    + " (projection, position, updated_at) VALUES (?, 0, now()) ON CONFLICT (projection) DO NOTHING")) {
                insert.setString(1, projection);
                insert.executeUpdate();
            }
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + table
                + " SET position = ?, updated_at = now() WHERE projection = ? AND position = ?")) {
            update.setLong(1, next);
            update.setString(2, projection);
            update.setLong(3, expected);
            if (update.executeUpdate() == 1) {
                return expected;
            }
        }
        return load(connection, projection);
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
