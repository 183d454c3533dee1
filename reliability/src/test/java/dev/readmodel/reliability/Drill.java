package dev.readmodel.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.clickhouse.ClickHouseConfig;
import dev.readmodel.clickhouse.ClickHouseServer;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.event.EventBatch;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.event.EventTypeMatcher;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.elastic.ElasticConfig;
import dev.readmodel.elastic.ElasticServer;
import dev.readmodel.postgres.PostgresConfig;
import dev.readmodel.postgres.PostgresEventStore;
import dev.readmodel.postgres.PostgresServer;
import dev.readmodel.testkit.SampleOrders;
import dev.readmodel.testkit.StoreContents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the drills share: a fresh store of each kind beside a fresh PostgreSQL event store, the arguments
 * that let a {@link CrashWorker} reach the same store, and the checks that end every drill.
 */
final class Drill {
    static final List<ReadModel> MODELS = List.of(SampleOrders.ORDERS, SampleOrders.CUSTOMERS);

    /** A fresh store of {@code kind} and the event store's schema; {@link #workerArgs} reach both from a child process. */
    record Target(String kind, String schema, PostgresConfig postgres, ReadModelStore store, List<String> own) {
        static Target fresh(String kind) {
            String schema = PostgresServer.freshSchema();
            PostgresConfig postgres = PostgresServer.config().withSchema(schema);
            List<String> own = switch (kind) {
                case "postgres" -> List.of();
                case "clickhouse" -> {
                    ClickHouseConfig config = ClickHouseServer.freshDatabase();
                    yield List.of(config.url(), config.user(), config.password(), config.database());
                }
                case "elastic" -> {
                    ElasticConfig config = ElasticServer.freshPrefix();
                    yield List.of(config.url(), config.indexPrefix());
                }
                default -> throw new IllegalArgumentException("Unknown store [" + kind + "]");
            };
            ReadModelStore store = CrashWorker.store(kind, own, PostgresServer.dataSource(), schema);
            return new Target(kind, schema, postgres, store, own);
        }

        /** A {@link CrashWorker}'s arguments for this target. */
        List<String> workerArgs(String mode, int batchSize, java.nio.file.Path phase) {
            List<String> args = new ArrayList<>(List.of(kind, mode, Integer.toString(batchSize), phase.toString(),
                    postgres.jdbcUrl(), postgres.user(), postgres.password(), schema));
            args.addAll(own);
            return args;
        }

        PostgresEventStore events() {
            return new PostgresEventStore(PostgresServer.dataSource(), schema);
        }
    }

    /** The stores to drill: all three, or those named by {@code -Dreadmodel.reliability.stores=a,b}. */
    static List<String> stores() {
        return List.of(System.getProperty("readmodel.reliability.stores", "postgres,clickhouse,elastic").split(","));
    }

    private Drill() {
    }

    /** What a wait polls; it may throw, as reading a worker's status file does. */
    @FunctionalInterface
    interface Probe<T> {
        T get() throws Exception;
    }

    /**
     * Polls {@code probe} until {@code condition} holds and returns the value that met it; after
     * {@code timeout}, fails naming {@code what} and the last value seen.
     */
    static <T> T await(String what, Duration timeout, Probe<T> probe, Predicate<T> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        T value = probe.get();
        while (!condition.test(value)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not reached within " + timeout + ": " + what + "; last seen: " + value);
            }
            Thread.sleep(10);
            value = probe.get();
        }
        return value;
    }

    /**
     * The end of every drill: both projections' checkpoints at the head, the read models equal to one
     * clean replay, and the tally's count of events lost and applied twice.
     */
    static Tally.Count verify(Target target, PostgresEventStore events) throws Exception {
        long head = events.head().position();
        for (String projection : CrashWorker.PROJECTIONS) {
            assertThat(target.store().checkpoint(projection)).as(projection).isEqualTo(head);
        }
        Tally.Count count = Tally.count(target.store(), streamVersions(events));
        assertThat(StoreContents.of(target.store(), MODELS)).as("read models of %s after the drill (tally: %s)",
                target.kind(), count).isEqualTo(cleanReplay(events));
        return count;
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

    /** Each stream's version in the event store: how many events the tally must count for it. */
    static Map<String, Long> streamVersions(PostgresEventStore events) {
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
