package dev.readmodel.postgres.internal;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.spi.ShadowNames;
import dev.readmodel.postgres.sql.PostgresSql;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/** The {@link PostgresSql} of one batch's native work. Not thread-safe: one commit uses it. */
final class NativeSql implements PostgresSql {
    private static final Set<String> TRANSACTION_CONTROL = Set.of("commit", "rollback", "close", "setAutoCommit",
            "setSavepoint", "releaseSavepoint", "abort", "setTransactionIsolation", "setReadOnly");

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

    /** The batch's connection behind a guard that refuses what would end or split the batch's transaction. */
    @Override
    public Connection connection() {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, arguments) -> {
                    if (TRANSACTION_CONTROL.contains(method.getName())) {
                        throw new SQLException("Native work of projection [" + projection + "] may not call "
                                + method.getName() + "() on the batch's connection: the engine commits its transaction"
                                + " with the documents and the checkpoint");
                    }
                    try {
                        return method.invoke(connection, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
