package dev.readmodel.benchmarks;

import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.engine.RebuildOptions;
import dev.readmodel.core.memory.InMemoryProjectionLock;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.spi.ForwardingReadModelStore;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.core.spi.WriteBatch;
import dev.readmodel.kafka.KafkaProjectionConfig;
import dev.readmodel.kafka.KafkaProjectionConsumer;
import dev.readmodel.kafka.KafkaProjectionStatus;
import dev.readmodel.kafka.KafkaRelay;
import dev.readmodel.kafka.KafkaRelayConfig;
import dev.readmodel.postgres.PostgresConfig;
import dev.readmodel.postgres.PostgresEventStore;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Scale-out through Kafka: meter readings in PostgreSQL, relayed to a topic of 8 partitions, rebuilt by 1, 2
 * and 4 consumer instances (threads of this JVM, one group each run) into a store that adds 20 ms to every
 * commit, an I/O-bound projection on a 2-core machine; and the cost of the hop, one instance reading the topic
 * beside the engine reading the event store, into the same store without added latency.
 */
final class KafkaBenchmark {
    private static final String SCHEMA = "bench_kafka";
    private static final int PARTITIONS = 8;
    private static final int METERS = 10_000; // Meters.append writes 10,000 streams per appendAll, each once
    private static final Duration LATENCY = Duration.ofMillis(20);
    private static final ReadModel MODEL = Meters.model("meters");
    private static final Projection PROJECTION = Meters.projection("meters", MODEL);

    private final PostgresConfig config;
    private final String bootstrap;
    private final long events;
    private final int runs;
    private final PrintStream log;
    private String topic;

    KafkaBenchmark(PostgresConfig config, String bootstrap, long events, int runs, PrintStream log) {
        this.config = config.withSchema(SCHEMA).withMaxPoolSize(4);
        this.bootstrap = bootstrap;
        this.events = events;
        this.runs = runs;
        this.log = log;
    }

    List<Result> run() throws Exception {
        try (HikariDataSource dataSource = config.dataSource()) {
            Schemas.drop(dataSource, SCHEMA);
            try (PostgresEventStore store = new PostgresEventStore(dataSource, SCHEMA)) {
                store.createSchema();
                long loaded = Meters.append(store, events, METERS);
                topic = "bench-kafka-" + System.currentTimeMillis();
                try (KafkaRelay relay = new KafkaRelay(store, new InMemoryProjectionLock(),
                        KafkaRelayConfig.of(bootstrap, topic).withPartitions(PARTITIONS).withBatchSize(5_000))) {
                    relay.start();
                    await(() -> relay.publishedUpTo().orElse(0L) >= store.head().position());
                }
                log.printf("kafka: relayed %,d events to %s%n", loaded, topic);
                return measure(store, loaded);
            }
        }
    }

    private List<Result> measure(PostgresEventStore store, long loaded) throws Exception {
        List<Result> results = new ArrayList<>();
        String note = PARTITIONS + " partitions, polls of 100, " + LATENCY.toMillis() + " ms added to every commit; "
                + "rate from the moment every instance holds partitions, median of " + runs + " pairs after a warm-up";
        for (int instances : new int[] {2, 4}) {
            Stats.Paired paired = Stats.paired(runs, log, "kafka: rebuild, " + instances + " instances", "events/s",
                    () -> rebuild(instances, 100, LATENCY, loaded), "kafka: rebuild, 1 instance", "events/s",
                    () -> rebuild(1, 100, LATENCY, loaded));
            results.add(Result.paired("kafka rebuild, " + instances + " instances vs 1 (I/O-bound)", loaded, paired,
                    "events/s with 1 instance", instances == 2 ? 1.7 : 3.0, note));
        }
        try (ProjectionEngine engine = ProjectionEngine.builder(store)
                .config(EngineConfig.DEFAULT.withRebuildBatchSize(500))
                .register(PROJECTION, new InMemoryReadModelStore(), ProjectionMode.CATCH_UP).build()) {
            Stats.Paired paired = Stats.paired(runs, log, "kafka: 1 instance from the topic", "events/s",
                    () -> rebuild(1, 500, Duration.ZERO, loaded), "kafka: engine from the event store", "events/s",
                    () -> loaded * 1e9 / engine.rebuild("meters", RebuildOptions.TRUNCATE).elapsed().toNanos());
            results.add(Result.paired("kafka hop: topic vs event store (memory store)", loaded, paired,
                    "events/s from PostgreSQL", 0.5, "the same projection into the in-memory store, batches of 500: one "
                    + "consumer instance reading the topic (from its assignment) beside the engine's rebuild reading "
                    + "PostgreSQL; median of " + runs + " pairs after a warm-up"));
        }
        return results;
    }

    /** Events per second of {@code instances} consumers of a new group, from all holding partitions to done. */
    private double rebuild(int instances, int poll, Duration latency, long loaded) throws Exception {
        ReadModelStore store = latency.isZero() ? new InMemoryReadModelStore() : new Slow(new InMemoryReadModelStore(), latency);
        KafkaProjectionConfig kafka = KafkaProjectionConfig.of(bootstrap, topic, "bench-" + System.nanoTime())
                .withMaxPollRecords(poll)
                .withConsumerProperties(Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "500"));
        List<KafkaProjectionConsumer> consumers = new ArrayList<>();
        try {
            for (int i = 0; i < instances; i++) {
                KafkaProjectionConsumer consumer = new KafkaProjectionConsumer(PROJECTION, store, kafka);
                consumers.add(consumer);
                consumer.start();
            }
            KafkaProjectionStatus first = KafkaProjectionStatus.of(store, kafka, "meters");
            long end = first.endOffsets();
            await(() -> consumers.stream().allMatch(c -> !c.assignedPartitions().isEmpty()));
            long start = System.nanoTime(); // the group's join is not the projection's throughput
            long from = checkpointed(store, kafka);
            await(() -> KafkaProjectionStatus.of(store, kafka, "meters").partitions().stream()
                    .allMatch(p -> p.checkpoint() >= p.endOffset() - 1));
            double seconds = (System.nanoTime() - start) / 1e9;
            return (end - from) * ((double) loaded / end) / seconds; // offsets include commit markers: scaled to events
        } finally {
            consumers.forEach(KafkaProjectionConsumer::close);
        }
    }

    private static long checkpointed(ReadModelStore store, KafkaProjectionConfig kafka) {
        long sum = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            sum += store.checkpoint(KafkaProjectionConsumer.checkpointName("meters", kafka.topic(), p));
        }
        return sum;
    }

    private static void await(BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("kafka benchmark: waited 5 min");
            }
            Thread.sleep(10);
        }
    }

    /** A store whose every commit takes {@code latency} longer: what a remote store's round trip costs. */
    private static final class Slow extends ForwardingReadModelStore {
        private final Duration latency;

        Slow(ReadModelStore delegate, Duration latency) {
            super(delegate);
            this.latency = latency;
        }

        @Override
        public void commit(WriteBatch batch) {
            try {
                Thread.sleep(latency.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            super.commit(batch);
        }
    }
}
