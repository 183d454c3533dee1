package dev.readmodel.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** PostgreSQL schemas the scenarios start from empty. */
final class Schemas {
    private Schemas() {
    }

    /** Drops {@code schema} with everything in it, so that a scenario starts from nothing. */
    static void drop(DataSource dataSource, String schema) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
