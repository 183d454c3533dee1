package dev.readmodel.postgres.internal;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.error.ReadModelException;
import dev.readmodel.core.projection.NativeWork;
import dev.readmodel.core.spi.Interrupts;
import dev.readmodel.core.spi.ShadowNames;
import dev.readmodel.core.spi.WriteBatch;
import dev.readmodel.postgres.sql.PostgresWork;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The native tables one projection declares in a schema, and its {@link PostgresWork}: run on a batch's
 * connection against the live tables or their shadow copies, truncated with the read models, copied,
 * swapped in and dropped with them in a zero-downtime rebuild. Stateless and thread-safe.
 */
public final class NativeTables {
    /** PostgreSQL's longest identifier. */
    private static final int MAX_NAME = 63;

    private final String projection;
    private final String schema;
    private final List<String> tables;

    private NativeTables(String projection, String schema, List<String> tables) {
        this.projection = projection;
        this.schema = schema;
        this.tables = tables;
    }

    /**
     * The declaration of {@code projection}, checked: the kind is {@link PostgresWork} and each table
     * has a plain name that leaves room for its shadow copy's.
     *
     * @throws ConfigurationException naming the projection and what does not fit
     */
    public static NativeTables of(String projection, String schema, NativeWork work) {
        if (!PostgresWork.class.isAssignableFrom(work.kind())) {
            throw new ConfigurationException("Projection [" + projection + "] declares native work of kind ["
                    + work.kind().getName() + "], but the PostgreSQL store runs only " + PostgresWork.class.getName());
        }
        for (String table : work.tables()) {
            SqlNames.quote(table);
            if (ShadowNames.shadowOf(table).length() > MAX_NAME) {
                throw new ConfigurationException("Projection [" + projection + "] declares native table [" + table
                        + "], whose name leaves no room for its shadow copy's: use at most "
                        + (MAX_NAME - ShadowNames.SHADOW_SUFFIX.length()) + " characters");
            }
        }
        return new NativeTables(projection, schema, work.tables());
    }

    /** No native tables and no work: what a projection without native work has. */
    public static NativeTables none(String projection, String schema) {
        return new NativeTables(projection, schema, List.of());
    }

    /** The names of the declared tables. */
    public List<String> names() {
        return tables;
    }

    /**
     * Refuses tables that do not exist.
     *
     * @throws ConfigurationException naming the first missing table
     */
    public void verify(Connection connection) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement("SELECT to_regclass(?)")) {
            for (String table : tables) {
                exists.setString(1, SqlNames.qualified(schema, table));
                try (ResultSet rs = exists.executeQuery()) {
                    rs.next();
                    if (rs.getString(1) == null) {
                        throw new ConfigurationException("Projection [" + projection + "] declares native table [" + table
                                + "], which does not exist in schema [" + schema + "]: create it before the engine starts");
                    }
                }
            }
        }
    }

    /**
     * Runs the batch's work in order on {@code connection}, against the shadow copies when {@code shadow}.
     * Transient and interrupted SQL errors are thrown as they are, to retry or cancel the batch; other
     * failures as the failure of the event whose handler added the work.
     */
    public void run(Connection connection, WriteBatch batch, boolean shadow) throws SQLException {
        NativeSql sql = new NativeSql(connection, schema, tables, shadow, projection);
        for (WriteBatch.Work work : batch.work()) {
            try {
                ((PostgresWork) work.work()).run(sql);
            } catch (SQLException e) {
                if (Jdbc.isTransient(e) || Interrupts.causedBy(e) || connection.isClosed()) {
                    throw e;
                }
                throw work.failed(projection, e);
            } catch (ReadModelException e) {
                if (e.isTransient()) {
                    throw e;
                }
                throw work.failed(projection, e);
            } catch (RuntimeException e) {
                throw work.failed(projection, e);
            }
        }
    }

    /** Empties the live tables, for a truncate rebuild. */
    public void truncate(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String table : tables) {
                statement.execute("TRUNCATE TABLE " + SqlNames.qualified(schema, table));
            }
        }
    }

    /** Replaces any shadow copies with empty ones shaped like the live tables (columns, defaults, indexes). */
    public void createShadows(Connection connection) throws SQLException {
        refuseSerialColumns(connection);
        dropShadows(connection);
        try (Statement statement = connection.createStatement()) {
            for (String table : tables) {
                statement.execute("CREATE TABLE " + shadow(table) + " (LIKE " + SqlNames.qualified(schema, table)
                        + " INCLUDING ALL)");
            }
        }
    }

    /**
     * Drops the live tables and renames the shadow copies in their place, with their indexes (and so
     * their primary-key and unique constraints) named as PostgreSQL named the live ones, so that SQL
     * such as {@code ON CONFLICT ON CONSTRAINT sales_by_day_pkey} keeps working after a rebuild.
     */
    public void swapIn(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String table : tables) {
                statement.execute("DROP TABLE " + SqlNames.qualified(schema, table));
                statement.execute("ALTER TABLE " + shadow(table) + " RENAME TO " + SqlNames.quote(table));
                for (String index : shadowIndexes(connection, table)) {
                    String renamed = table + index.substring(ShadowNames.shadowOf(table).length());
                    statement.execute("ALTER INDEX " + SqlNames.qualified(schema, index) + " RENAME TO " + SqlNames.quote(renamed));
                }
            }
        }
    }

    /**
     * Refuses a zero-downtime rebuild of tables with {@code serial} columns before it starts: the shadow copy
     * would take its defaults from the live table's sequence, which dropping the live table at the swap drops.
     *
     * @throws ConfigurationException naming the table and column
     */
    private void refuseSerialColumns(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT a.attname FROM pg_attribute a"
                + " JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                + " WHERE a.attrelid = to_regclass(?) AND pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%'")) {
            for (String table : tables) {
                query.setString(1, SqlNames.qualified(schema, table));
                try (ResultSet rs = query.executeQuery()) {
                    if (rs.next()) {
                        throw new ConfigurationException("Projection [" + projection + "]: native table [" + table
                                + "] has column [" + rs.getString(1) + "] with a sequence default (serial), which a"
                                + " zero-downtime rebuild cannot swap: declare it GENERATED BY DEFAULT AS IDENTITY,"
                                + " or rebuild with TRUNCATE");
                    }
                }
            }
        }
    }

    /** The indexes of {@code table} whose names PostgreSQL derived from its shadow copy's name. */
    private List<String> shadowIndexes(Connection connection, String table) throws SQLException {
        List<String> indexes = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT indexname FROM pg_indexes WHERE schemaname = ? AND tablename = ? ORDER BY indexname")) {
            query.setString(1, schema);
            query.setString(2, table);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(1).startsWith(ShadowNames.shadowOf(table))) {
                        indexes.add(rs.getString(1));
                    }
                }
            }
        }
        return indexes;
    }

    /** Drops the shadow copies where they exist. */
    public void dropShadows(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String table : tables) {
                statement.execute("DROP TABLE IF EXISTS " + shadow(table));
            }
        }
    }

    private String shadow(String table) {
        return SqlNames.qualified(schema, ShadowNames.shadowOf(table));
    }
}
