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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A projection keyed by day over a relayed topic keyed by stream: two repartitioner processes re-key the
 * topic by day while events are appended, two projection processes consume the re-keyed topic; one of
 * each is killed with SIGKILL mid-run and started again. After they settle the read model equals a clean
 * replay: no sale lost, none counted twice, and no day written from two partitions. Events live in
 * PostgreSQL; the daily read model in the store a subclass names.
 */
abstract class RepartitionCrashContract {
    private static final Map<Process, Path> LOGS = new HashMap<>();

    /** The store the consumers write to, opened in this JVM; {@code schema} is the test's fresh one. */
    protected abstract ReadModelStore store(String schema);

    /** The same store as worker arguments ({@link WorkerStore}). */
    protected abstract List<String> workerStore(String schema);

    /** The store's name in the reliability summary. */
    protected abstract String storeName();

    @Test
    void aDailyProjectionStaysExactWhenARepartitionerAndAConsumerAreKilled() throws Exception {
        String schema = PostgresServer.freshSchema();
        Random random = new Random(41);
        List<Process> workers = new ArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        try (PostgresEventStore events = new PostgresEventStore(PostgresServer.dataSource(), schema)) {
            events.createSchema();
            DailySales.append(events, random, 200);
            KafkaRelayConfig relayConfig = KafkaRelayConfig.of(KafkaServer.bootstrap(), "sales-" + schema)
                    .withPartitions(6).withIntervals(Duration.ofMillis(20), Duration.ofMillis(100));
            String byDay = DailySales.DAY.topic(relayConfig.topic());
            ReadModelStore store = store(schema);
            Thread writer = new Thread(() -> {
                Random own = new Random(42);
                while (writing.get()) {
                    DailySales.append(events, own, 3);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "appender");
            try (KafkaRelay relay = new KafkaRelay(events, new InMemoryProjectionLock(), relayConfig)) {
                relay.start();
                await("the relay creates the topic and publishes", () -> relay.publishedUpTo().isPresent());
                writer.start();
                Process r1 = repartitioner(relayConfig.topic(), "r1");
                workers.add(r1);
                workers.add(repartitioner(relayConfig.topic(), "r2"));
                await("both repartitioners commit", () -> workers.stream().allMatch(p -> said(p, "MOVED")));
                Process c1 = consumer(schema, byDay);
                workers.add(c1);
                workers.add(consumer(schema, byDay));
                await("both consumers hold partitions", () -> workers.stream().allMatch(p -> said(p, "MOVED")
                        || said(p, "ASSIGNED")));
                Thread.sleep(300 + random.nextInt(500));
                kill(workers, r1);
                Thread.sleep(200 + random.nextInt(500));
                kill(workers, c1);
                workers.add(repartitioner(relayConfig.topic(), "r1")); // the same id: aborts what r1 left open
                workers.add(consumer(schema, byDay));
                Thread.sleep(1000);
                writing.set(false);
                writer.join();
                await("the relay publishes everything", () -> relay.publishedUpTo().orElse(0L) >= events.head().position());
                long head = events.head().position();
                await("the re-keyed topic holds every sale", () -> TopicTally.readAll(byDay).size() >= head);
                Map<Integer, Long> ends = lastOffsets(byDay);
                await("every partition's checkpoint reaches its last record", () -> ends.entrySet().stream()
                        .allMatch(e -> store.checkpoint(KafkaProjectionConsumer.checkpointName("daily", byDay,
                                e.getKey())) == e.getValue() + 1));
            } finally {
                writing.set(false);
                writer.join();
                for (Process worker : workers) {
                    worker.destroyForcibly();
                    worker.waitFor(30, TimeUnit.SECONDS);
                }
            }
            long head = events.head().position();
            long topicCopies = TopicTally.readAll(byDay).size();
            List<Document> days = store.query(DailySales.DAILY, Query.all());
            long applied = days.stream().mapToLong(d -> d.longValue("sales", 0)).sum();
            ReliabilitySummary.record("repartition + consumer SIGKILL (kafka)", storeName(), 2, 2,
                    Math.max(0, head - applied), Math.max(0, applied - head), head + " sales, by day over 6 partitions; "
                            + "1 of 2 repartitioners and 1 of 2 consumers killed and restarted; " + topicCopies
                            + " records in the re-keyed topic");
            assertThat(topicCopies).isEqualTo(head);
            assertThat(applied).isEqualTo(head);
            assertThat(StoreContents.of(store, List.of(DailySales.DAILY))).isEqualTo(DailySales.cleanReplay(events));
        }
    }

    private static void kill(List<Process> workers, Process victim) throws InterruptedException {
        workers.remove(victim);
        victim.destroyForcibly();
        assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    private static boolean said(Process worker, String line) {
        try {
            return worker.isAlive() && Files.readAllLines(LOGS.get(worker)).contains(line);
        } catch (Exception e) {
            return false;
        }
    }

    private static Process repartitioner(String topic, String id) throws Exception {
        Path log = Files.createTempFile("kafka-repartition-worker", ".log");
        Process process = ChildJvm.launch(RepartitionWorker.class, List.of(KafkaServer.bootstrap(), topic, id), log);
        LOGS.put(process, log);
        return process;
    }

    private Process consumer(String schema, String topic) throws Exception {
        Path log = Files.createTempFile("kafka-daily-worker", ".log");
        List<String> args = new ArrayList<>(List.of(KafkaServer.bootstrap(), topic, "daily-" + schema));
        args.addAll(workerStore(schema));
        Process process = ChildJvm.launch(DailyWorker.class, args, log);
        LOGS.put(process, log);
        return process;
    }
}
