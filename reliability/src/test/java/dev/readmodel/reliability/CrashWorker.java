package dev.readmodel.reliability;

import com.zaxxer.hikari.HikariDataSource;
import dev.readmodel.clickhouse.ClickHouseConfig;
import dev.readmodel.clickhouse.ClickHouseReadModelStore;
import dev.readmodel.core.ProjectionMode;
import dev.readmodel.core.ProjectionStatus;
import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.engine.RebuildOptions;
import dev.readmodel.core.spi.ProjectionLock;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.elastic.ElasticConfig;
import dev.readmodel.elastic.ElasticReadModelStore;
import dev.readmodel.postgres.PostgresConfig;
import dev.readmodel.postgres.PostgresEventStore;
import dev.readmodel.postgres.PostgresProjectionLock;
import dev.readmodel.postgres.PostgresReadModelStore;
import dev.readmodel.testkit.SampleOrders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/**
 * The engine as its own process, to be killed: projects the sample orders and the tally from the
 * PostgreSQL event store into one store, in one of three modes, writing the phase it is in to a file.
 * Arguments: store (postgres, clickhouse, elastic), mode (live, truncate, swap, or lease: live under a
 * {@link PostgresProjectionLock}, running until killed and writing each projection's state, checkpoint
 * and events applied to the phase file), batch size, phase file,
 * PostgreSQL url, user, password, schema, then the store's own: ClickHouse url, user, password, database;
 * or Elasticsearch url, index prefix.
 */
public final class CrashWorker {
    static final List<String> PROJECTIONS = List.of("crash-orders", "crash-tally");

    private CrashWorker() {
    }

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        String mode = args[1];
        int batchSize = Integer.parseInt(args[2]);
        Path phase = Path.of(args[3]);
        PostgresConfig postgres = PostgresConfig.of(args[4], args[5], args[6]).withSchema(args[7]).withMaxPoolSize(4);
        List<String> own = Arrays.asList(args).subList(8, args.length);
        HikariDataSource dataSource = postgres.dataSource();
        ReadModelStore store = store(kind, own, dataSource, postgres.schema()); // the process exits: nothing to close
        try (PostgresEventStore events = new PostgresEventStore(dataSource, postgres.schema());
                ProjectionEngine engine = engine(events, store, batchSize, mode.equals("lease")
                        ? new PostgresProjectionLock(dataSource, postgres.schema()) : null)) {
            if (mode.equals("lease")) {
                engine.start();
                while (true) {
                    reportStatus(engine, phase);
                    Thread.sleep(20);
                }
            }
            if (!mode.equals("live")) {
                for (String projection : PROJECTIONS) {
                    Files.writeString(phase, mode.equals("swap") ? "zero-downtime rebuild" : "truncate rebuild");
                    engine.rebuild(projection, mode.equals("swap") ? RebuildOptions.ZERO_DOWNTIME : RebuildOptions.TRUNCATE);
                }
            }
            Files.writeString(phase, "live batches");
            engine.start();
            if (!engine.awaitCaughtUp(Duration.ofMinutes(5))) {
                System.exit(2);
            }
            Files.writeString(phase, "caught up");
        }
        System.exit(0);
    }

    private static ProjectionEngine engine(PostgresEventStore events, ReadModelStore store, int batchSize,
            ProjectionLock lock) {
        ProjectionEngine.Builder builder = ProjectionEngine.builder(events)
                .config(EngineConfig.DEFAULT.withBatchSize(batchSize).withRebuildBatchSize(batchSize * 4)
                        .withPollInterval(Duration.ofMillis(20)).withRetryDelays(Duration.ofMillis(20), Duration.ofMillis(500)))
                .register(SampleOrders.projection(PROJECTIONS.get(0)), store, ProjectionMode.PERSISTENT)
                .register(Tally.projection(PROJECTIONS.get(1)), store, ProjectionMode.PERSISTENT);
        return (lock == null ? builder : builder.lock(lock)).build();
    }

    /** One line per projection: name, state, checkpoint, events applied; replaced whole, never half written. */
    private static void reportStatus(ProjectionEngine engine, Path phase) throws java.io.IOException {
        StringBuilder lines = new StringBuilder();
        for (ProjectionStatus status : engine.status()) {
            lines.append(status.projection()).append(' ').append(status.state()).append(' ').append(status.checkpoint())
                    .append(' ').append(status.eventsApplied()).append('\n');
        }
        Path next = phase.resolveSibling(phase.getFileName() + ".next");
        Files.writeString(next, lines);
        Files.move(next, phase, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The store of {@code kind} reached by the store's own arguments: the same one in the drill and in its workers. */
    static ReadModelStore store(String kind, List<String> own, DataSource dataSource, String schema) {
        return switch (kind) {
            case "postgres" -> new PostgresReadModelStore(dataSource, schema);
            case "clickhouse" -> new ClickHouseReadModelStore(new ClickHouseConfig(own.get(0), own.get(1), own.get(2),
                    own.get(3)));
            case "elastic" -> new ElasticReadModelStore(ElasticConfig.of(own.get(0)).withIndexPrefix(own.get(1))
                    .withReplicas(0));
            default -> throw new IllegalArgumentException("Unknown store [" + kind + "]: postgres, clickhouse or elastic");
        };
    }
}
