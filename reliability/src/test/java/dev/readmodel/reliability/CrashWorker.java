package dev.readmodel.reliability;

import dev.readmodel.clickhouse.ClickHouseConfig;
import dev.readmodel.clickhouse.ClickHouseReadModelStore;
import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.engine.RebuildOptions;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.spi.ProjectionLock;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.core.status.ProjectionStatus;
import dev.readmodel.elastic.ElasticConfig;
import dev.readmodel.elastic.ElasticReadModelStore;
import dev.readmodel.postgres.PostgresConfig;
import dev.readmodel.postgres.PostgresEventStore;
import dev.readmodel.postgres.PostgresProjectionLock;
import dev.readmodel.postgres.PostgresReadModelStore;
import dev.readmodel.testkit.SampleOrders;
import com.zaxxer.hikari.HikariDataSource;
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
 * and events applied to the phase file), batch size, phase file (its first line the phase; during a
 * rebuild, once a batch has been replayed, a second line {@code replaying <projection>}),
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
                String name = mode.equals("swap") ? "zero-downtime rebuild" : "truncate rebuild";
                for (String projection : PROJECTIONS) {
                    writePhase(phase, name);
                    boolean[] reported = new boolean[1];
                    RebuildOptions options = mode.equals("swap") ? RebuildOptions.ZERO_DOWNTIME : RebuildOptions.TRUNCATE;
                    engine.rebuild(projection, options.withListener(progress -> {
                        if (!reported[0]) {
                            reported[0] = true;
                            writePhase(phase, name + "\nreplaying " + projection);
                        }
                    }));
                }
            }
            // a truncate rebuild killed before resumes on start: awaitCaughtUp waits for it too
            boolean resuming = engine.status().stream().anyMatch(ProjectionStatus::partial);
            writePhase(phase, resuming ? "resumed truncate rebuild" : "live batches");
            engine.start();
            if (!engine.awaitCaughtUp(Duration.ofMinutes(5))) {
                System.exit(2);
            }
            writePhase(phase, "caught up");
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

    /** One line per projection: name, state, checkpoint, events applied. */
    private static void reportStatus(ProjectionEngine engine, Path phase) {
        StringBuilder lines = new StringBuilder();
        for (ProjectionStatus status : engine.status()) {
            lines.append(status.projection()).append(' ').append(status.state()).append(' ').append(status.checkpoint())
                    .append(' ').append(status.eventsApplied()).append('\n');
        }
        writePhase(phase, lines.toString());
    }

    /** Replaces the phase file whole, never half written, so that a kill leaves the old text or the new. */
    private static void writePhase(Path phase, String text) {
        try {
            Path next = phase.resolveSibling(phase.getFileName() + ".next");
            Files.writeString(next, text);
            Files.move(next, phase, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
