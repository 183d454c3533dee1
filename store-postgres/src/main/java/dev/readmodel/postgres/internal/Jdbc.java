package dev.readmodel.postgres.internal;

import dev.readmodel.core.error.CancelledException;
import dev.readmodel.core.error.ReadModelException;
import dev.readmodel.core.error.StoreException;
import dev.readmodel.core.error.TransientStoreException;
import dev.readmodel.core.spi.Interrupts;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.function.Supplier;
import javax.sql.DataSource;

/** Transactions over a DataSource, and the one place that sorts SQL errors into transient and permanent. */
public final class Jdbc {
    private Jdbc() {
    }

    /** Work done with a connection; may throw SQL errors. */
    @FunctionalInterface
    public interface SqlWork<T> {
        /** Does the work. */
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} in a transaction of its own: committed when it returns, rolled back when it throws. */
    public static <T> T inTransaction(DataSource dataSource, String what, SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException e) {
                rollbackQuietly(connection, e);
                throw translate(what, e, connection);
            } catch (RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                throw e;
            } finally {
                restoreAutoCommit(connection, autoCommit);
            }
        } catch (SQLException e) {
            throw translate(what, e);
        }
    }

    /** Runs {@code work} on a connection in autocommit mode. */
    public static <T> T withConnection(DataSource dataSource, String what, SqlWork<T> work) {
        return withConnection(dataSource, () -> what, work);
    }

    /**
     * {@link #withConnection(DataSource, String, SqlWork)} with the description made only when it is needed, for
     * an error: for the reads that run many times a second, whose description (the whole query) costs more to
     * write than the read's own SQL.
     */
    public static <T> T withConnection(DataSource dataSource, Supplier<String> what, SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            try {
                return work.run(connection);
            } catch (SQLException e) {
                throw translate(what.get(), e, connection);
            }
        } catch (SQLException e) {
            throw translate(what.get(), e);
        }
    }

    /**
     * {@link #translate(String, SQLException)}, and transient whatever the error when the pool closed the
     * connection because of it: HikariCP evicts a connection on a fatal error, and later calls on it fail
     * with a bare "Connection is closed" that carries no SQLState.
     */
    private static ReadModelException translate(String what, SQLException e, Connection connection) {
        ReadModelException translated = translate(what, e);
        if (translated.isTransient() || translated instanceof CancelledException || !lost(connection)) {
            return translated;
        }
        return new TransientStoreException(translated.getMessage() + " (the connection was lost)", e);
    }

    private static boolean lost(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException rollback) {
            failure.addSuppressed(rollback);
        }
    }

    private static void restoreAutoCommit(Connection connection, boolean autoCommit) {
        try {
            if (!connection.isClosed()) {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException ignored) {
            // the pool discards broken connections
        }
    }

    /**
     * Wraps a SQL error: transient for lost connections, serialization failures, deadlocks, lack of
     * resources, server shutdown and pool timeouts; permanent otherwise. {@code what} names the operation.
     */
    public static ReadModelException translate(String what, SQLException e) {
        String message = what + " failed: " + e.getMessage() + (e.getSQLState() == null ? "" : " [SQLState " + e.getSQLState() + "]");
        if (Interrupts.causedBy(e)) {
            return Interrupts.cancelled(message, e); // such as HikariCP's "Interrupted during connection acquisition"
        }
        return isTransient(e) ? new TransientStoreException(message, e) : new StoreException(message, e);
    }

    static boolean isTransient(SQLException e) {
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
            return true;
        }
        String state = e.getSQLState();
        if (state == null) {
            return e.getCause() instanceof java.io.IOException;
        }
        return state.startsWith("08") // connection exception
                || state.equals("40001") // serialization failure
                || state.equals("40P01") // deadlock detected
                || state.startsWith("53") // insufficient resources
                || state.equals("57P01") || state.equals("57P02") || state.equals("57P03") // shutdown, restart
                || state.equals("55P03"); // lock not available
    }
}
