package dev.readmodel.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.memory.InMemoryProjectionLock;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.query.Query;
import dev.readmodel.postgres.PostgresConfig;
import dev.readmodel.postgres.PostgresEventStore;
import dev.readmodel.postgres.PostgresReadModelStore;
import dev.readmodel.postgres.PostgresServer;
import dev.readmodel.testkit.StoreContents;
import dev.readmodel.testkit.internal.ChildJvm;
import dev.readmodel.testkit.internal.ReliabilitySummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three projection processes in one group over a topic of 12 partitions while events are appended; one is
 * killed with SIGKILL mid-run and later a fourth joins. After they settle the PostgreSQL read model equals
 * a clean replay, and the tally shows no event lost and none applied twice.
 */
class KafkaConsumerCrashIT {
    private static final Map<Process, Path> LOGS = new HashMap<>();

    private static String schema;
    private static PostgresEventStore events;

    @BeforeAll
    static void start() {
        schema = PostgresServer.freshSchema();
        events = new PostgresEventStore(PostgresServer.dataSource(), schema);
        events.createSchema();
    }

    @AfterAll
    static void stop() {
        if (events != null) {
            events.close();
        }
    }

    @Test
    void aKilledInstanceAndAJoiningOneLeaveTheReadModelOfOneCleanReplay() throws Exception {
        KafkaRelayConfig relayConfig = KafkaRelayConfig.of(KafkaServer.bootstrap(), "group-" + schema)
                .withPartitions(12).withIntervals(Duration.ofMillis(20), Duration.ofMillis(100));
        PostgresReadModelStore store = new PostgresReadModelStore(PostgresServer.dataSource(), schema);
        store.prepare(List.of(StreamTally.TALLY));
        Random random = new Random(31);
        StreamTally.append(events, random, 60, 300);
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            Random own = new Random(32);
            while (writing.get()) {
                StreamTally.append(events, own, 60, 5);
                try {
                    Thread.sleep(3);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "appender");
        List<Process> workers = new ArrayList<>();
        try (KafkaRelay relay = new KafkaRelay(events, new InMemoryProjectionLock(), relayConfig)) {
            relay.start();
            await("the relay creates the topic and publishes", () -> relay.publishedUpTo().isPresent());
            writer.start();
            for (int i = 0; i < 3; i++) {
                workers.add(launch(relayConfig.topic()));
            }
            await("three instances hold partitions", () -> workers.stream().allMatch(KafkaConsumerCrashIT::assigned));
            Thread.sleep(300 + random.nextInt(700)); // mid-run: polls of 40 records while the appender writes
            Process victim = workers.remove(random.nextInt(workers.size()));
            victim.destroyForcibly();
            assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(1000);
            workers.add(launch(relayConfig.topic()));
            await("the fourth instance joins", () -> assigned(workers.get(workers.size() - 1)));
            writing.set(false);
            writer.join();
            await("the relay publishes everything", () -> relay.publishedUpTo().orElse(0L) >= events.head().position());
            Map<Integer, Long> ends = lastOffsets(relayConfig.topic());
            await("every partition's checkpoint reaches its last record", () -> ends.entrySet().stream()
                    .allMatch(e -> store.checkpoint(KafkaProjectionConsumer.checkpointName("tally",
                            relayConfig.topic(), e.getKey())) == e.getValue() + 1));
        } finally {
            writing.set(false);
            writer.join();
            for (Process worker : workers) {
                worker.destroyForcibly();
                worker.waitFor(30, TimeUnit.SECONDS);
            }
        }
        long head = events.head().position();
        List<Document> tallies = store.query(StreamTally.TALLY, Query.all());
        long applied = tallies.stream().mapToLong(d -> d.longValue("events", 0)).sum();
        long broken = tallies.stream().mapToLong(d -> d.longValue("broken", 0)).sum();
        ReliabilitySummary.record("consumer SIGKILL (kafka)", "postgres", 1, 1, Math.max(0, head - applied),
                Math.max(0, applied - head), head + " events, 12 partitions; 3 instances, 1 killed, 1 joined; " + broken + " broken streams");
        assertThat(applied).isEqualTo(head);
        assertThat(broken).isZero();
        assertThat(StoreContents.of(store, List.of(StreamTally.TALLY))).isEqualTo(StreamTally.cleanReplay(events));
    }

    private static boolean assigned(Process worker) {
        try {
            return worker.isAlive() && Files.readAllLines(LOGS.get(worker)).contains("ASSIGNED");
        } catch (Exception e) {
            return false;
        }
    }

    private static Process launch(String topic) throws Exception {
        PostgresConfig config = PostgresServer.config();
        Path log = Files.createTempFile("kafka-consumer-worker", ".log");
        Process process = ChildJvm.launch(ConsumerWorker.class, List.of(config.jdbcUrl(), config.user(),
                config.password(), schema, KafkaServer.bootstrap(), topic, "tally-" + schema), log);
        LOGS.put(process, log);
        return process;
    }

    private static Map<Integer, Long> lastOffsets(String topic) {
        Map<Integer, Long> last = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : TopicTally.readAll(topic)) {
            last.merge(record.partition(), record.offset(), Math::max);
        }
        return last;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Waited 90 s for: " + what);
            }
            Thread.sleep(50);
        }
    }
}
