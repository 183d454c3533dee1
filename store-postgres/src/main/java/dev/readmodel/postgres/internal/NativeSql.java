package dev.readmodel.postgres.internal;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.spi.ShadowNames;
import dev.readmodel.postgres.sql.PostgresSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** The {@link PostgresSql} of one batch's native work. Not thread-safe: one commit uses it. */
final class NativeSql implements PostgresSql {
    private final Connection connection;
    private final String schema;
    private final List<String> tables;
    private final boolean shadow;
    private final String projection;

    NativeSql(Connection connection, String schema, List<String> tables, boolean shadow, String projection) {
        this.connection = connection;
        this.schema = schema;
        this.tables = tables;
        this.shadow = shadow;
        this.projection = projection;
    }

    @Override
    public String table(String name) {
        if (!tables.contains(name)) {
            throw new ConfigurationException("Projection [" + projection + "] writes native table [" + name
                    + "] without declaring it: declare it with nativeWork(PostgresWork.class, ...), declared are " + tables);
        }
        return SqlNames.qualified(schema, shadow ? ShadowNames.shadowOf(name) : name);
    }

    @Override
    public int update(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }

    @Override
    public Connection connection() {
        return connection;
    }
}
