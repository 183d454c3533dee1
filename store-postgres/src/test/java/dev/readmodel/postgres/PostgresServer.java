package dev.readmodel.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.readmodel.testkit.internal.RealServer;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The real PostgreSQL every IT of this module uses: READMODEL_POSTGRES_URL (with _USER, _PASSWORD) when
 * set, else a Testcontainers container of the pinned image when Docker runs, else a skip (a failure
 * under CI). One pool per test JVM; each test class works in a schema of its own.
 */
public final class PostgresServer {
    private static PostgresConfig config;
    private static HikariDataSource pool;
    private static PostgreSQLContainer started;

    private PostgresServer() {
    }

    /** The configured or started server. */
    public static synchronized PostgresConfig config() {
        if (config == null) {
            Optional<PostgresConfig> configured = RealServer.setting("postgres.url").map(url -> PostgresConfig.of(url,
                    RealServer.setting("postgres.user").orElse("postgres"),
                    RealServer.setting("postgres.password").orElse("")));
            config = RealServer.resolve("postgres", configured, () -> DockerClientFactory.instance().isDockerAvailable(),
                    PostgresServer::startContainer).withMaxPoolSize(40);
        }
        return config;
    }

    private static PostgresConfig startContainer() {
        PostgreSQLContainer container = new PostgreSQLContainer(DockerImageName
                .parse(System.getProperty("readmodel.image.postgres", "postgres:15.10")).asCompatibleSubstituteFor("postgres"));
        container.setPortBindings(java.util.List.of(RealServer.fixedPortBinding(5432)));
        container.start();
        started = container;
        return PostgresConfig.of(container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }

    /** The container this JVM started, if the server is one (the outage drills stop and start it). */
    public static synchronized Optional<org.testcontainers.containers.GenericContainer<?>> container() {
        return Optional.ofNullable(started);
    }

    /** One shared pool for the test JVM. */
    public static synchronized HikariDataSource dataSource() {
        if (pool == null) {
            pool = config().dataSource();
        }
        return pool;
    }

    /** A new, empty schema for one test class. */
    public static String freshSchema() {
        String schema = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource server = dataSource(); // without a server: skipped locally, failed under CI, never wrapped below
        try (Connection connection = server.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create schema " + schema, e);
        }
        return schema;
    }
}
