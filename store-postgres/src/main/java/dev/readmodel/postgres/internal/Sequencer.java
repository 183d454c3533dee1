package dev.readmodel.postgres.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Assigns global positions to committed events, in one serialized step guarded by the sequencer row's
 * lock. Runs of it never overlap, and each commits all its positions at once above every earlier one,
 * so readers never see a position before a smaller one: nothing that commits late is skipped.
 */
public final class Sequencer {
    /** Most events one run positions. */
    static final int RUN_SIZE = 50_000;

    private final String events;
    private final String sequencer;
    private final String channel;

    public Sequencer(String schema) {
        this.events = SqlNames.qualified(schema, "readmodel_events");
        this.sequencer = SqlNames.qualified(schema, "readmodel_sequencer");
        this.channel = channel(schema);
    }

    /** The LISTEN/NOTIFY channel that announces new positions. */
    public static String channel(String schema) {
        return "readmodel_events_" + schema;
    }

    /**
     * Positions every committed, unpositioned event visible to {@code connection}, in its own
     * transaction(s); with {@code skipIfBusy}, returns 0 at once when another run holds the lock.
     *
     * @return how many events got positions
     */
    public long run(Connection connection, boolean skipIfBusy) throws SQLException {
        if (!hasPending(connection)) {
            return 0;
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        long total = 0;
        try {
            while (true) {
                Long base = lock(connection, skipIfBusy);
                if (base == null) {
                    connection.rollback();
                    return total;
                }
                int assigned;
                try (PreparedStatement update = connection.prepareStatement("WITH pending AS (SELECT id FROM " + events
                        + " WHERE position IS NULL ORDER BY id LIMIT " + RUN_SIZE + "), numbered AS ("
                        + "SELECT id, row_number() OVER (ORDER BY id) AS n FROM pending) "
                        + "UPDATE " + events + " e SET position = ? + numbered.n FROM numbered WHERE e.id = numbered.id")) {
                    update.setLong(1, base);
                    assigned = update.executeUpdate();
                }
                if (assigned > 0) {
                    advance(connection, base + assigned);
                }
                connection.commit();
                total += assigned;
                if (assigned < RUN_SIZE) {
                    return total;
                }
            }
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * Inside an open transaction: takes the sequencer's lock (held until the transaction ends) and returns
     * the last assigned position; the caller inserts its events with the positions after it and then
     * calls {@link #advanceWithin}. No other positioning can interleave, so this is as gap-safe as a run.
     */
    public long lockWithin(Connection connection) throws SQLException {
        return lock(connection, false);
    }

    /** Inside the transaction that called {@link #lockWithin}: records {@code last} as the last position. */
    public void advanceWithin(Connection connection, long last) throws SQLException {
        advance(connection, last);
    }

    /** Wakes listeners inside the caller's transaction (delivered at its commit). */
    public void notifyWithin(Connection connection, String payload) throws SQLException {
        try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
            notify.setString(1, channel);
            notify.setString(2, payload);
            notify.execute();
        }
    }

    /** The highest assigned position (committed). */
    public long head(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT last_position FROM " + sequencer + " WHERE id = 1");
                ResultSet rs = select.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private boolean hasPending(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM " + events + " WHERE position IS NULL)");
                ResultSet rs = select.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private Long lock(Connection connection, boolean skipIfBusy) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT last_position FROM " + sequencer
                + " WHERE id = 1 FOR UPDATE" + (skipIfBusy ? " SKIP LOCKED" : ""));
                ResultSet rs = select.executeQuery()) {
            return rs.next() ? rs.getLong(1) : null;
        }
    }

    private void advance(Connection connection, long last) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + sequencer + " SET last_position = ? WHERE id = 1")) {
            update.setLong(1, last);
            update.executeUpdate();
        }
        notifyWithin(connection, Long.toString(last));
    }
}
