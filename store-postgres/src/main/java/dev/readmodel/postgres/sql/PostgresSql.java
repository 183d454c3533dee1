package dev.readmodel.postgres.sql;

import dev.readmodel.core.error.ConfigurationException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What a {@link PostgresWork} runs its SQL with: the batch's connection, inside the batch's transaction,
 * and the names of the projection's declared tables. Valid only during {@link PostgresWork#run}; not
 * thread-safe.
 */
public interface PostgresSql {
    /**
     * The schema-qualified, quoted name to use in SQL for declared table {@code name}: the live table, or
     * its shadow copy while a zero-downtime rebuild fills it.
     *
     * @throws ConfigurationException when the projection does not declare {@code name}
     */
    String table(String name);

    /**
     * Runs {@code sql} as a prepared statement with {@code parameters} bound in order (as
     * {@link java.sql.PreparedStatement#setObject(int, Object)} binds them) and returns the row count.
     *
     * @throws SQLException when the statement fails
     */
    int update(String sql, Object... parameters) throws SQLException;

    /**
     * The batch's connection, for statements {@link #update} cannot express. It is in the batch's
     * transaction, which the engine commits with the documents and the checkpoint: its {@code commit},
     * {@code rollback}, {@code close}, {@code setAutoCommit}, savepoint, isolation and read-only calls throw
     * {@link SQLException}.
     */
    Connection connection();
}
