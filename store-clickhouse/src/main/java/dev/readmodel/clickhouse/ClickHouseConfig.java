package dev.readmodel.clickhouse;

import dev.readmodel.core.spi.ConfigChecks;
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
        ConfigChecks.httpUrl("ClickHouse", url);
        Objects.requireNonNull(user, "user");
        password = password == null ? "" : password;
        ConfigChecks.identifier("ClickHouse", "database", database, "");
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
