package dev.readmodel.postgres;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.spi.ConfigChecks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Objects;

/**
 * Where PostgreSQL is and how many connections to keep. Validated when built.
 *
 * @param jdbcUrl such as {@code jdbc:postgresql://127.0.0.1:5432/app}
 * @param user the role to connect as
 * @param password its password; may be empty
 * @param schema the schema readmodel's tables and read models live in (lower-case identifier)
 * @param maxPoolSize most pooled connections (2 to 200): one per running projection plus queries
 */
public record PostgresConfig(String jdbcUrl, String user, String password, String schema, int maxPoolSize) {
    /** Checks every component. */
    public PostgresConfig {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new ConfigurationException("Invalid PostgreSQL jdbcUrl [" + jdbcUrl
                    + "]: expected jdbc:postgresql://host:port/database");
        }
        Objects.requireNonNull(user, "user");
        password = password == null ? "" : password;
        ConfigChecks.identifier("PostgreSQL", "schema", schema, " such as public");
        if (maxPoolSize < 2 || maxPoolSize > 200) {
            throw new ConfigurationException("Invalid PostgreSQL maxPoolSize [" + maxPoolSize + "]: expected 2 to 200");
        }
    }

    /** Schema {@code public} and a pool of 10. */
    public static PostgresConfig of(String jdbcUrl, String user, String password) {
        return new PostgresConfig(jdbcUrl, user, password, "public", 10);
    }

    /** This config with another schema. */
    public PostgresConfig withSchema(String value) {
        return new PostgresConfig(jdbcUrl, user, password, value, maxPoolSize);
    }

    /** This config with another pool size. */
    public PostgresConfig withMaxPoolSize(int value) {
        return new PostgresConfig(jdbcUrl, user, password, schema, value);
    }

    /** A new HikariCP pool for this config; close it when done. Connects lazily. */
    public HikariDataSource dataSource() {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(jdbcUrl);
        hikari.setUsername(user);
        hikari.setPassword(password);
        hikari.setMaximumPoolSize(maxPoolSize);
        hikari.setMinimumIdle(1);
        hikari.setPoolName("readmodel-postgres");
        hikari.setInitializationFailTimeout(-1);
        hikari.setConnectionTimeout(10_000);
        hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        return new HikariDataSource(hikari);
    }

    @Override
    public String toString() {
        return "PostgresConfig[" + jdbcUrl + ", user=" + user + ", schema=" + schema + ", maxPoolSize=" + maxPoolSize + "]";
    }
}
