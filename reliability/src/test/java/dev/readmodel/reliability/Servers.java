package dev.readmodel.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.clickhouse.ClickHouseServer;
import dev.readmodel.elastic.ElasticServer;
import dev.readmodel.postgres.PostgresServer;
import dev.readmodel.testkit.internal.RealServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * Stops and starts the real servers for outage drills. Local servers go through {@code scripts/stores.sh
 * stop|start NAME}, whose path {@code .stores/env} gives as READMODEL_STORES_SCRIPT; Testcontainers'
 * containers (where Docker runs) are stopped and started through the Docker engine, on the fixed host port
 * their fixture gave them. A server started any other way cannot be stopped by the drills: they are
 * skipped, except under CI, where that fails.
 */
final class Servers {
    private Servers() {
    }

    /** Fails the drill early (or skips it) when {@code kind}'s server cannot be stopped and started. */
    static void requireControl(String kind) {
        if (script().isEmpty() && container(kind).isEmpty()) {
            RealServer.unavailable("Outage drills stop and start server processes: start the servers with "
                    + "'scripts/stores.sh up' and 'source .stores/env' (which sets READMODEL_STORES_SCRIPT), run "
                    + "scripts/test.sh, or let Testcontainers start them where Docker runs");
        }
    }

    static void stop(String kind) throws Exception {
        control("stop", kind);
    }

    static void start(String kind) throws Exception {
        control("start", kind);
    }

    private static Optional<Path> script() {
        return RealServer.setting("stores.script").map(Path::of).filter(Files::isExecutable);
    }

    private static Optional<GenericContainer<?>> container(String kind) {
        return switch (kind) {
            case "postgres" -> PostgresServer.container();
            case "clickhouse" -> ClickHouseServer.container();
            case "elastic" -> ElasticServer.container();
            default -> throw new IllegalArgumentException("Unknown store [" + kind + "]");
        };
    }

    private static void control(String action, String kind) throws IOException, InterruptedException {
        Optional<GenericContainer<?>> container = container(kind);
        if (container.isPresent()) {
            docker(action, container.get());
            return;
        }
        Path script = script().orElseThrow(() -> new IllegalStateException("No way to " + action + " " + kind));
        Path log = Files.createTempFile("stores-" + action, ".log");
        // the second run of the drills is against the current ClickHouse engine, a server of its own
        String server = kind.equals("clickhouse") && ClickHouseServer.current() ? "clickhouse-current" : kind;
        Process process = new ProcessBuilder(List.of("bash", script.toString(), action, server)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("stores.sh %s %s finishes", action, server).isTrue();
        assertThat(process.exitValue()).as("stores.sh %s %s: %s", action, server, Files.readString(log)).isZero();
    }

    /** Stops or starts the container; a start returns once its port takes connections again. */
    private static void docker(String action, GenericContainer<?> container) throws InterruptedException {
        var docker = DockerClientFactory.instance().client();
        if (action.equals("stop")) {
            docker.stopContainerCmd(container.getContainerId()).withTimeout(60).exec();
            return;
        }
        docker.startContainerCmd(container.getContainerId()).exec();
        int port = container.getExposedPorts().isEmpty() ? 0 : container.getMappedPort(container.getExposedPorts().get(0));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(container.getHost(), port), 1_000);
                return;
            } catch (IOException notYet) {
                Thread.sleep(250);
            }
        }
        throw new AssertionError("Container " + container.getDockerImageName() + " does not take connections on port "
                + port + " after its start");
    }
}
