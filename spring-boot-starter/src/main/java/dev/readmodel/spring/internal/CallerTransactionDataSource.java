package dev.readmodel.spring.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The application's DataSource as the PostgreSQL event store sees it: on a thread with a Spring-managed
 * transaction on that DataSource, every connection is the transaction's own, and what the store does as
 * its own transaction (autocommit off, then commit or rollback) becomes a savepoint inside the caller's:
 * a commit releases the savepoint and leaves the work to the caller's commit, a rollback undoes the
 * store's work only. Elsewhere, plain pooled connections. Thread-safe; each connection is not.
 */
public final class CallerTransactionDataSource extends DelegatingDataSource {
    /** Wraps {@code target}, the DataSource the application's transaction manager runs on. */
    public CallerTransactionDataSource(DataSource target) {
        super(target);
    }

    /** Whether the calling thread runs in a Spring transaction that holds a connection of {@code target}. */
    static boolean joins(DataSource target) {
        return TransactionSynchronizationManager.isActualTransactionActive()
                && TransactionSynchronizationManager.isSynchronizationActive()
                && TransactionSynchronizationManager.getResource(target) != null;
    }

    /** Whether the calling thread's appends join the caller's transaction. */
    public boolean joinsCallerTransaction() {
        return joins(obtainTargetDataSource());
    }

    @Override
    public Connection getConnection() throws SQLException {
        DataSource target = obtainTargetDataSource();
        if (!joins(target)) {
            return target.getConnection();
        }
        Connection bound = DataSourceUtils.doGetConnection(target);
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                new Joined(bound, target));
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLException("The readmodel event store takes connections without credentials of their own");
    }

    /** The caller's connection, with the store's transactions as savepoints and close as a release. */
    private static final class Joined implements InvocationHandler {
        private final Connection target;
        private final DataSource dataSource;
        private boolean manual;
        private Savepoint savepoint;
        private boolean closed;

        Joined(Connection target, DataSource dataSource) {
            this.target = target;
            this.dataSource = dataSource;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "readmodel connection in the caller's transaction: " + target;
                case "getAutoCommit":
                    return !manual;
                case "setAutoCommit":
                    boolean on = (Boolean) args[0];
                    if (on) {
                        release();
                    }
                    manual = !on;
                    return null;
                case "commit":
                    release();
                    return null;
                case "rollback":
                    if (args == null || args.length == 0) {
                        if (savepoint != null) {
                            target.rollback(savepoint);
                            release();
                        }
                        return null;
                    }
                    break;
                case "isClosed":
                    return closed || target.isClosed();
                case "close":
                    if (!closed) {
                        closed = true;
                        try {
                            release(); // fails in a transaction an error aborted: the connection goes back all the same
                        } finally {
                            DataSourceUtils.doReleaseConnection(target, dataSource);
                        }
                    }
                    return null;
                case "prepareStatement":
                case "createStatement":
                case "prepareCall":
                    if (manual && savepoint == null) {
                        savepoint = target.setSavepoint();
                    }
                    break;
                default:
                    break;
            }
            if (closed) {
                throw new SQLException("Connection is closed");
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        private void release() throws SQLException {
            if (savepoint != null) {
                Savepoint done = savepoint;
                savepoint = null;
                target.releaseSavepoint(done);
            }
        }
    }
}
