package dev.readmodel.postgres.internal;

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

    public void delete(Connection connection, String projection) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE projection = ?")) {
            delete.setString(1, projection);
            delete.executeUpdate();
        }
    }
}
