package dev.readmodel.clickhouse;

import dev.readmodel.core.error.ConfigurationException;
import com.clickhouse.client.api.Client;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Where ClickHouse is: its HTTP endpoint, credentials and the database read models live in.
 *
 * @param url the HTTP endpoint, such as {@code http://127.0.0.1:8123}
 * @param user the user
 * @param password the password; may be empty
 * @param database the database (lower-case identifier); created if missing
 */
public record ClickHouseConfig(String url, String user, String password, String database) {
    /** Checks every component. */
    public ClickHouseConfig {
        if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new ConfigurationException("Invalid ClickHouse url [" + url + "]: expected http(s)://host:port");
        }
        Objects.requireNonNull(user, "user");
        password = password == null ? "" : password;
        if (database == null || !database.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new ConfigurationException("Invalid ClickHouse database [" + database + "]: use a lower-case identifier");
        }
    }

    /** User {@code default} without password, database {@code readmodel}. */
    public static ClickHouseConfig of(String url) {
        return new ClickHouseConfig(url, "default", "", "readmodel");
    }

    /** This config with another database. */
    public ClickHouseConfig withDatabase(String value) {
        return new ClickHouseConfig(url, user, password, value);
    }

    /** A new client-v2 client for this endpoint (HTTP); close it when done. */
    public Client client() {
        return new Client.Builder()
                .addEndpoint(url)
                .setUsername(user)
                .setPassword(password)
                .setConnectTimeout(5, ChronoUnit.SECONDS)
                .setSocketTimeout(120, ChronoUnit.SECONDS)
                .setMaxConnections(16)
                .compressServerResponse(false)
                .build();
    }

    @Override
    public String toString() {
        return "ClickHouseConfig[" + url + ", user=" + user + ", database=" + database + "]";
    }
}
