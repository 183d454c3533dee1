package dev.readmodel.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.memory.InMemoryProjectionLock;
import dev.readmodel.postgres.PostgresConfig;
import dev.readmodel.postgres.PostgresServer;
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
 * The relay killed at random points: two relay processes run at once (one active, one on standby under
 * the PostgreSQL lease) while a writer appends; again and again one of them, chosen at random, is killed
 * with SIGKILL after a random time and a new one started. Afterwards the topic, read with read_committed,
 * holds every event of the store exactly once, in order per stream.
 */
class KafkaRelayCrashIT extends FreshEventStore {
    private static final int ACTIVE_KILLS = 6;

    @Test
    void killedAtRandomPointsTheRelayLeavesEveryEventOnceInOrderPerStream() throws Exception {
        String topic = "crash-" + schema;
        Random random = new Random(2121);
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> append(writing, new Random(7)), "appender");
        writer.start();
        List<Relay> relays = new ArrayList<>(List.of(Relay.launch(topic, random), Relay.launch(topic, random)));
        int kills = 0;
        int activeKills = 0;
        try {
            while (activeKills < ACTIVE_KILLS) {
                Relay active = awaitActive(relays);
                Thread.sleep(100 + random.nextInt(1200)); // into its run: mid-transaction or between two
                Relay victim = random.nextInt(4) == 0 ? relays.get(relays.indexOf(active) == 0 ? 1 : 0) : active;
                victim.kill();
                relays.remove(victim);
                kills++;
                activeKills += victim == active ? 1 : 0;
                relays.add(Relay.launch(topic, random));
            }
        } finally {
            writing.set(false);
            writer.join();
            for (Relay relay : relays) {
                relay.kill();
            }
        }
        long head = events.head().position();
        // a last relay in this JVM finishes the work (its own in-memory lease: the killed ones are gone)
        try (KafkaRelay last = new KafkaRelay(events, new InMemoryProjectionLock(), KafkaRelayConfig.of(
                KafkaServer.bootstrap(), topic).withIntervals(Duration.ofMillis(50), Duration.ofMillis(100)))) {
            last.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (last.publishedUpTo().orElse(0L) < head && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(last.publishedUpTo().orElse(0L)).isGreaterThanOrEqualTo(head);
        }
        TopicTally tally = TopicTally.of(topic, events);
        ReliabilitySummary.record("relay SIGKILL (kafka)", "postgres", kills, kills, tally.lost(), tally.duplicated(),
                head + " events; " + activeKills + " of the kills hit the active relay; " + tally.outOfOrder()
                        + " out of order");
        assertThat(head).isGreaterThan(500);
        assertThat(tally.records()).hasSize((int) head);
        assertThat(tally.lost()).isZero();
        assertThat(tally.duplicated()).isZero();
        assertThat(tally.outOfOrder()).isZero();
    }

    /** The relay that holds the lease, once one does. */
    private static Relay awaitActive(List<Relay> relays) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (Relay relay : relays) {
                if (relay.saysActive()) {
                    return relay;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("No relay became active within 60 s; logs: " + relays);
    }

    private void append(AtomicBoolean writing, Random random) {
        Map<String, Integer> versions = new HashMap<>();
        while (writing.get()) {
            String stream = "order-" + random.nextInt(40);
            List<NewEvent> batch = new ArrayList<>();
            for (int i = 0, n = 1 + random.nextInt(5); i < n; i++) {
                int version = versions.merge(stream, 1, Integer::sum);
                batch.add(NewEvent.of("order.changed", Map.of("stream", stream, "version", version)));
            }
            events.append(stream, ExpectedVersion.ANY, batch);
            try {
                Thread.sleep(random.nextInt(4));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One relay process and its own log. */
    private record Relay(Process process, Path log) {
        static Relay launch(String topic, Random random) throws Exception {
            PostgresConfig config = PostgresServer.config();
            Path log = Files.createTempFile("kafka-relay-worker", ".log");
            return new Relay(ChildJvm.launch(RelayWorker.class, List.of(config.jdbcUrl(), config.user(),
                    config.password(), schema, KafkaServer.bootstrap(), topic, Integer.toString(1 + random.nextInt(200))),
                    log), log);
        }

        boolean saysActive() throws Exception {
            return process.isAlive() && Files.readAllLines(log).contains("ACTIVE");
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }
}
