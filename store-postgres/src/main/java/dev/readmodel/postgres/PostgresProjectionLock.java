package dev.readmodel.postgres;

import dev.readmodel.core.spi.ProjectionLock;
import dev.readmodel.postgres.internal.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Leases as PostgreSQL session-level advisory locks, one per projection, keyed by a namespace (such as
 * the schema) and the projection's name. A lease lives as long as the database session that took it:
 * when its holder process dies or its connection breaks, PostgreSQL ends the session and frees the lock,
 * and a waiting instance takes it at its next attempt. Each held lease keeps one pooled connection.
 * Thread-safe.
 */
public final class PostgresProjectionLock implements ProjectionLock {
    private final DataSource dataSource;
    private final String namespace;

    /** Leases in {@code namespace}; instances that must exclude each other use the same database and namespace. */
    public PostgresProjectionLock(DataSource dataSource, String namespace) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
    }

    @Override
    public Optional<Lease> tryAcquire(String projection) {
        String what = "Taking the lease of projection [" + projection + "]";
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(true);
            boolean taken;
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(hashtext(?), hashtext(?))")) {
                lock.setString(1, namespace);
                lock.setString(2, projection);
                try (ResultSet rs = lock.executeQuery()) {
                    rs.next();
                    taken = rs.getBoolean(1);
                }
            }
            if (!taken) {
                connection.close();
                return Optional.empty();
            }
            return Optional.of(new SessionLease(connection, namespace, projection));
        } catch (SQLException e) {
            closeQuietly(connection);
            throw Jdbc.translate(what, e);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the pool discards it
            }
        }
    }

    /** A lock held by one session; held while that session lives. */
    private static final class SessionLease implements Lease {
        private final Connection connection;
        private final String namespace;
        private final String projection;
        private boolean closed;

        SessionLease(Connection connection, String namespace, String projection) {
            this.connection = connection;
            this.namespace = namespace;
            this.projection = projection;
        }

        @Override
        public synchronized boolean isHeld() {
            if (closed) {
                return false;
            }
            try {
                return connection.isValid(5); // a session-level advisory lock lasts as long as its session
            } catch (SQLException e) {
                return false;
            }
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(hashtext(?), hashtext(?))")) {
                unlock.setString(1, namespace);
                unlock.setString(2, projection);
                unlock.execute();
            } catch (SQLException ignored) {
                // a broken session has lost the lock already
            }
            closeQuietly(connection);
        }
    }
}
