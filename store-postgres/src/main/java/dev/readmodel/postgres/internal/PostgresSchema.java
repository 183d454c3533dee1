package dev.readmodel.postgres.internal;

import dev.readmodel.core.error.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Creates readmodel's own tables (events, streams, sequencer, checkpoints, dead letters) once per schema. */
public final class PostgresSchema {
    private static final String RESOURCE = "/dev/readmodel/postgres/readmodel-postgres.sql";

    private PostgresSchema() {
    }

    /** The SQL script for {@code schema}, as users may run it themselves. */
    public static String sql(String schema) {
        try (InputStream in = PostgresSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new StoreException("Missing resource " + RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{schema}", SqlNames.quote(schema));
        } catch (IOException e) {
            throw new StoreException("Cannot read " + RESOURCE, e);
        }
    }

    /** Runs the script in one transaction, serialized across processes by an advisory lock. */
    public static void create(DataSource dataSource, String schema) {
        String script = sql(schema);
        Jdbc.inTransaction(dataSource, "Creating readmodel tables in schema [" + schema + "]", connection -> {
            run(connection, script);
            return null;
        });
    }

    /**
     * Takes the transaction-scoped advisory lock that serializes schema changes (readmodel's tables, read
     * model tables and their swaps) across processes; released when the transaction ends.
     */
    public static void lock(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(hashtext('readmodel-schema'))");
        }
    }

    static void run(Connection connection, String script) throws SQLException {
        lock(connection);
        try (Statement statement = connection.createStatement()) {
            for (String sql : script.split(";\\s*\\n")) {
                String trimmed = sql.lines().filter(l -> !l.trim().startsWith("--")).reduce("", (a, b) -> a + "\n" + b).trim();
                if (!trimmed.isEmpty()) {
                    statement.execute(trimmed);
                }
            }
        }
    }
}
