package dev.readmodel.clickhouse;

import dev.readmodel.testkit.internal.RealServer;
import java.util.Optional;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.clickhouse.ClickHouseContainer;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The real ClickHouse the ITs use. The ITs run twice (two failsafe executions): against the 18.16 server
 * and, with {@code readmodel.clickhouse.engine=current}, against a current engine. Each is found the
 * same way: {@code READMODEL_CLICKHOUSE_URL} (for the current engine {@code READMODEL_CLICKHOUSE_CURRENT_URL}),
 * with {@code _USER} and {@code _PASSWORD}, when set; else a Testcontainers container of the pinned image
 * when Docker runs; else a skip (a failure under CI).
 */
public final class ClickHouseServer {
    private static ClickHouseConfig config;
    private static GenericContainer<?> started;

    private ClickHouseServer() {
    }

    /** Whether this run is against the current engine rather than 18.16. */
    public static boolean current() {
        return "current".equals(System.getProperty("readmodel.clickhouse.engine"));
    }

    /** The configured or started server, in database {@code readmodel}. */
    public static synchronized ClickHouseConfig config() {
        if (config == null) {
            String prefix = current() ? "clickhouse.current" : "clickhouse";
            Optional<ClickHouseConfig> configured = RealServer.setting(prefix + ".url").map(url -> new ClickHouseConfig(url,
                    RealServer.setting(prefix + ".user").orElse("default"),
                    RealServer.setting(prefix + ".password").orElse(""), "readmodel"));
            config = RealServer.resolve(current() ? "clickhouse_current" : "clickhouse", configured,
                    () -> DockerClientFactory.instance().isDockerAvailable(),
                    current() ? ClickHouseServer::currentContainer : ClickHouseServer::legacyContainer);
        }
        return config;
    }

    private static ClickHouseConfig currentContainer() {
        ClickHouseContainer container = new ClickHouseContainer(DockerImageName.parse(
                System.getProperty("readmodel.image.clickhouse", "clickhouse/clickhouse-server:26.7"))
                .asCompatibleSubstituteFor("clickhouse/clickhouse-server"));
        container.setPortBindings(java.util.List.of(RealServer.fixedPortBinding(8123)));
        container.start();
        started = container;
        return new ClickHouseConfig("http://" + container.getHost() + ":" + container.getMappedPort(8123),
                container.getUsername(), container.getPassword(), "readmodel");
    }

    /** 18.16's image predates the user settings of ClickHouseContainer: user {@code default}, no password. */
    private static ClickHouseConfig legacyContainer() {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(
                System.getProperty("readmodel.image.clickhouse.legacy", "yandex/clickhouse-server:18.16.1")))
                .withExposedPorts(8123)
                .waitingFor(Wait.forHttp("/ping").forPort(8123).forStatusCode(200));
        container.setPortBindings(java.util.List.of(RealServer.fixedPortBinding(8123)));
        container.start();
        started = container;
        return new ClickHouseConfig("http://" + container.getHost() + ":" + container.getMappedPort(8123), "default", "",
                "readmodel");
    }

    /** The container this JVM started, if the server is one (the outage drills stop and start it). */
    public static synchronized Optional<GenericContainer<?>> container() {
        return Optional.ofNullable(started);
    }

    /** The server config with a new database name, for one test class. */
    public static ClickHouseConfig freshDatabase() {
        return config().withDatabase("it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    }
}
