package dev.readmodel.clickhouse;

import dev.readmodel.testkit.RealServer;
import java.util.Optional;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.clickhouse.ClickHouseContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The real ClickHouse the ITs use: READMODEL_CLICKHOUSE_URL (with _USER, _PASSWORD) when set, else a
 * Testcontainers container of the pinned current image when Docker runs, else a skip (a failure under CI).
 */
public final class ClickHouseServer {
    private static ClickHouseConfig config;

    private ClickHouseServer() {
    }

    /** The configured or started server, in database {@code readmodel}. */
    public static synchronized ClickHouseConfig config() {
        if (config == null) {
            Optional<ClickHouseConfig> configured = RealServer.setting("clickhouse.url").map(url -> new ClickHouseConfig(url,
                    RealServer.setting("clickhouse.user").orElse("default"),
                    RealServer.setting("clickhouse.password").orElse(""), "readmodel"));
            config = RealServer.resolve("clickhouse", configured, () -> DockerClientFactory.instance().isDockerAvailable(),
                    ClickHouseServer::container);
        }
        return config;
    }

    private static ClickHouseConfig container() {
        ClickHouseContainer container = new ClickHouseContainer(DockerImageName.parse(
                System.getProperty("readmodel.image.clickhouse", "clickhouse/clickhouse-server:25.3"))
                .asCompatibleSubstituteFor("clickhouse/clickhouse-server"));
        container.start();
        return new ClickHouseConfig("http://" + container.getHost() + ":" + container.getMappedPort(8123),
                container.getUsername(), container.getPassword(), "readmodel");
    }

    /** The server config with a new database name, for one test class. */
    public static ClickHouseConfig freshDatabase() {
        return config().withDatabase("it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    }
}
