package dev.readmodel.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.clickhouse.ClickHouseConfig;
import dev.readmodel.clickhouse.ClickHouseReadModelStore;
import dev.readmodel.clickhouse.ClickHouseServer;
import dev.readmodel.core.EventBatch;
import dev.readmodel.core.EventEnvelope;
import dev.readmodel.core.EventTypeMatcher;
import dev.readmodel.core.ProjectionMode;
import dev.readmodel.core.ReadModel;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.elastic.ElasticConfig;
import dev.readmodel.elastic.ElasticReadModelStore;
import dev.readmodel.elastic.ElasticServer;
import dev.readmodel.postgres.PostgresConfig;
import dev.readmodel.postgres.PostgresEventStore;
import dev.readmodel.postgres.PostgresReadModelStore;
import dev.readmodel.postgres.PostgresServer;
import dev.readmodel.testkit.ChildJvm;
import dev.readmodel.testkit.SampleOrders;
import dev.readmodel.testkit.StoreContents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SIGKILL at random moments, per store: the engine runs as its own process ({@link CrashWorker}) over the
 * PostgreSQL event store and is killed while applying live batches, in a truncate rebuild or in a
 * zero-downtime rebuild (up to and during its swap), at least 20 times while it has work to do. After a
 * last run catches up, every read model equals one clean replay and the tally counts every event once.
 */
class CrashDrillIT {
    private static final int KILLS = Integer.getInteger("readmodel.reliability.kills", 20);
    private static final List<ReadModel> MODELS = List.of(SampleOrders.ORDERS, SampleOrders.CUSTOMERS);

    /** The stores to drill: all three, or those named by {@code -Dreadmodel.reliability.stores=a,b}. */
    static List<String> stores() {
        return List.of(System.getProperty("readmodel.reliability.stores", "postgres,clickhouse,elastic").split(","));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void killedAtRandomMomentsEveryStoreEndsEqualToACleanReplay(String kind) throws Exception {
        String schema = PostgresServer.freshSchema();
        PostgresConfig postgres = PostgresServer.config().withSchema(schema);
        List<String> own = new ArrayList<>();
        ReadModelStore store = switch (kind) {
            case "postgres" -> new PostgresReadModelStore(PostgresServer.dataSource(), schema);
            case "clickhouse" -> {
                ClickHouseConfig config = ClickHouseServer.freshDatabase();
                own.addAll(List.of(config.url(), config.user(), config.password(), config.database()));
                yield new ClickHouseReadModelStore(config);
            }
            default -> {
                ElasticConfig config = ElasticServer.freshPrefix();
                own.addAll(List.of(config.url(), config.indexPrefix()));
                yield new ElasticReadModelStore(config.withReplicas(0));
            }
        };
        Random random = new Random(kind.hashCode());
        Path log = Files.createTempFile("crash-" + kind, ".log");
        Path phase = Files.createTempFile("crash-" + kind, ".phase");
        Map<String, Integer> killsByPhase = new TreeMap<>();
        try (PostgresEventStore events = new PostgresEventStore(PostgresServer.dataSource(), schema)) {
            int chunk = 0;
            SampleOrders.appendTo(events, SampleOrders.history(random, 400), "-" + chunk++);
            int kills = 0;
            while (kills < KILLS) {
                String mode = switch (random.nextInt(4)) {
                    case 0 -> "truncate";
                    case 1 -> "swap";
                    default -> "live";
                };
                if (mode.equals("live") && store.checkpoint(CrashWorker.PROJECTIONS.get(0)) >= events.head().position()) {
                    SampleOrders.appendTo(events, SampleOrders.history(random, 400), "-" + chunk++);
                }
                Files.writeString(phase, "starting");
                List<String> args = new ArrayList<>(List.of(kind, mode, Integer.toString(5 + random.nextInt(60)),
                        phase.toString(), postgres.jdbcUrl(), postgres.user(), postgres.password(), schema));
                args.addAll(own);
                Process worker = ChildJvm.launch(CrashWorker.class, args, log);
                Thread.sleep(500 + random.nextInt(2_000));
                boolean alive = worker.isAlive();
                worker.destroyForcibly();
                assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
                String at = Files.readString(phase);
                if (alive && !at.equals("caught up") && !at.equals("starting")) {
                    kills++;
                    killsByPhase.merge(at, 1, Integer::sum);
                }
            }
            List<String> args = new ArrayList<>(List.of(kind, "live", "50", phase.toString(), postgres.jdbcUrl(),
                    postgres.user(), postgres.password(), schema));
            args.addAll(own);
            Process last = ChildJvm.launch(CrashWorker.class, args, log);
            assertThat(last.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(last.exitValue()).as("the last run catches up; log in %s", log).isZero();

            long head = events.head().position();
            for (String projection : CrashWorker.PROJECTIONS) {
                assertThat(store.checkpoint(projection)).as(projection).isEqualTo(head);
            }
            assertThat(StoreContents.of(store, MODELS)).isEqualTo(cleanReplay(events));
            Tally.Count count = Tally.count(store, streamVersions(events));
            Summary.record("crash (kill -9)", kind, kills, kills, count.lost(), count.duplicated(),
                    "kills by phase " + killsByPhase + ", " + head + " events");
            assertThat(count).isEqualTo(new Tally.Count(0, 0));
            assertThat(killsByPhase).containsKeys("live batches", "truncate rebuild", "zero-downtime rebuild");
        }
    }

    private static Object cleanReplay(PostgresEventStore events) throws Exception {
        InMemoryReadModelStore reference = new InMemoryReadModelStore();
        try (ProjectionEngine engine = ProjectionEngine.builder(events)
                .register(SampleOrders.projection(CrashWorker.PROJECTIONS.get(0)), reference, ProjectionMode.CATCH_UP).build()) {
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofMinutes(2))).isTrue();
        }
        return StoreContents.of(reference, MODELS);
    }

    private static Map<String, Long> streamVersions(PostgresEventStore events) {
        Map<String, Long> versions = new HashMap<>();
        long after = 0;
        while (true) {
            EventBatch batch = events.read(after, 5_000, EventTypeMatcher.all());
            if (batch.events().isEmpty()) {
                return versions;
            }
            for (EventEnvelope event : batch.events()) {
                versions.merge(event.streamId(), event.streamVersion(), Math::max);
            }
            after = batch.readUpTo();
        }
    }
}
