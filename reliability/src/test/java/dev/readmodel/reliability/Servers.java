package dev.readmodel.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.clickhouse.ClickHouseServer;
import dev.readmodel.testkit.RealServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops and starts the real servers' processes for outage drills, through {@code scripts/stores.sh
 * stop|start NAME}, whose path {@code .stores/env} gives as READMODEL_STORES_SCRIPT. Servers started any
 * other way cannot be stopped by the drills: they are skipped, except under CI, where that fails.
 */
final class Servers {
    private Servers() {
    }

    /** The script, or a skip (a failure under CI) when the servers were not started by it. */
    static Path script() {
        return RealServer.setting("stores.script").map(Path::of).filter(Files::isExecutable).orElseGet(() ->
                RealServer.unavailable("Outage drills stop and start server processes: start the servers with "
                        + "'scripts/stores.sh up' and 'source .stores/env' (which sets READMODEL_STORES_SCRIPT), or run "
                        + "scripts/test.sh"));
    }

    static void stop(String kind) throws Exception {
        run("stop", kind);
    }

    static void start(String kind) throws Exception {
        run("start", kind);
    }

    private static void run(String action, String kind) throws IOException, InterruptedException {
        Path log = Files.createTempFile("stores-" + action, ".log");
        // the second run of the drills is against the current ClickHouse engine, a server of its own
        String server = kind.equals("clickhouse") && ClickHouseServer.current() ? "clickhouse-current" : kind;
        Process process = new ProcessBuilder(List.of("bash", script().toString(), action, server)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("stores.sh %s %s finishes", action, server).isTrue();
        assertThat(process.exitValue()).as("stores.sh %s %s: %s", action, server, Files.readString(log)).isZero();
    }
}
