package dev.readmodel.kafka;

import static dev.readmodel.kafka.TopicTally.lastOffsets;
import static dev.readmodel.kafka.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.memory.InMemoryProjectionLock;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.postgres.PostgresEventStore;
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
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scale-out promise on one store: three projection processes in one group over a topic of 12
 * partitions while events are appended through the relay; one is killed with SIGKILL mid-run and later a
 * fourth joins. After they settle the read model equals a clean replay, and the tally shows no event lost
 * and none applied twice. Events live in PostgreSQL; the read models in the store a subclass names.
 */
abstract class PartitionedConsumerContract {
    private final Map<Process, Path> logs = new HashMap<>();
    private String schema;
    private PostgresEventStore events;

    /** The store the workers write to, opened in this JVM. */
    protected abstract ReadModelStore store();

    /** The same store as worker arguments ({@link WorkerStore}). */
    protected abstract List<String> workerStore();

    /** The store's name in the reliability summary. */
    protected abstract String storeName();

    @BeforeEach
    void startEvents() {
        schema = PostgresServer.freshSchema();
        events = new PostgresEventStore(PostgresServer.dataSource(), schema);
        events.createSchema();
    }

    @AfterEach
    void stopEvents() {
        if (events != null) {
            events.close();
        }
    }

    @Test
    void aKilledInstanceAndAJoiningOneLeaveTheReadModelOfOneCleanReplay() throws Exception {
        KafkaRelayConfig relayConfig = KafkaRelayConfig.of(KafkaServer.bootstrap(), "part-" + schema)
                .withPartitions(12).withIntervals(Duration.ofMillis(20), Duration.ofMillis(100));
        ReadModelStore store = store();
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
            await("three instances hold partitions", () -> workers.stream().allMatch(this::assigned));
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
                            relayConfig.topic(), e.getKey())) == e.getValue() + 1), () -> progress(store,
                            relayConfig.topic(), ends));
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
        ReliabilitySummary.record("consumer SIGKILL (kafka)", storeName(), 1, 1, Math.max(0, head - applied),
                Math.max(0, applied - head), head + " events, 12 partitions; 3 instances, 1 killed, 1 joined; " + broken
                        + " broken streams");
        assertThat(applied).isEqualTo(head);
        assertThat(broken).isZero();
        assertThat(StoreContents.of(store, List.of(StreamTally.TALLY))).isEqualTo(StreamTally.cleanReplay(events));
    }

    private boolean assigned(Process worker) {
        try {
            return worker.isAlive() && Files.readAllLines(logs.get(worker)).contains("ASSIGNED");
        } catch (Exception e) {
            return false;
        }
    }

    /** Each partition's checkpoint against its end, and what the workers logged beyond Kafka's own INFO lines. */
    private String progress(ReadModelStore store, String topic, Map<Integer, Long> ends) {
        StringBuilder out = new StringBuilder("\ncheckpoint/end per partition:");
        new TreeMap<>(ends).forEach((partition, last) -> out.append(' ').append(partition).append('=')
                .append(store.checkpoint(KafkaProjectionConsumer.checkpointName("tally", topic, partition))).append('/')
                .append(last + 1));
        logs.forEach((process, log) -> {
            out.append("\nworker ").append(log).append(process.isAlive() ? " (alive):" : " (gone):");
            try {
                List<String> notable = Files.readAllLines(log).stream().filter(line -> line.contains("WARN")
                        || line.contains("ERROR") || line.startsWith("Caused by")).toList();
                notable.subList(Math.max(0, notable.size() - 20), notable.size()).forEach(line -> out.append("\n  ")
                        .append(line));
            } catch (Exception e) {
                out.append(" unreadable: ").append(e);
            }
        });
        return out.toString();
    }

    private Process launch(String topic) throws Exception {
        // in this module's target, not the shared temporary directory: kept with the test's reports
        Path dir = Files.createDirectories(Path.of("target", "partitioned-workers"));
        Path log = Files.createTempFile(dir, storeName().replace(' ', '-') + "-worker", ".log");
        List<String> args = new ArrayList<>(List.of(KafkaServer.bootstrap(), topic, "tally-" + schema));
        args.addAll(workerStore());
        Process process = ChildJvm.launch(PartitionedWorker.class, args, log);
        logs.put(process, log);
        return process;
    }
}
