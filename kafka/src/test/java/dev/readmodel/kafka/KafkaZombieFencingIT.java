package dev.readmodel.kafka;

import static dev.readmodel.kafka.TopicTally.lastOffsets;
import static dev.readmodel.kafka.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.memory.InMemoryProjectionLock;
import dev.readmodel.core.projection.FailurePolicy;
import dev.readmodel.core.query.Query;
import dev.readmodel.postgres.PostgresEventStore;
import dev.readmodel.postgres.PostgresReadModelStore;
import dev.readmodel.postgres.PostgresServer;
import dev.readmodel.testkit.StoreContents;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * An instance that stalls in a batch past {@code max.poll.interval.ms} is evicted from the group while it
 * still runs; the other instance takes its partitions over from the stored checkpoints. When the zombie
 * comes back and commits its batch, the store refuses it: no event is applied twice.
 */
class KafkaZombieFencingIT {
    @Test
    void anEvictedInstanceThatComesBackCannotCommitOverTheNewOwner() throws Exception {
        String schema = PostgresServer.freshSchema();
        Random random = new Random(21);
        try (PostgresEventStore events = new PostgresEventStore(PostgresServer.dataSource(), schema)) {
            events.createSchema();
            StreamTally.append(events, random, 20, 300);
            KafkaRelayConfig relayConfig = KafkaRelayConfig.of(KafkaServer.bootstrap(), "zombie-" + schema)
                    .withPartitions(2).withIntervals(Duration.ofMillis(20), Duration.ofMillis(100));
            KafkaProjectionConfig config = KafkaProjectionConfig.of(KafkaServer.bootstrap(), relayConfig.topic(),
                    "zombie-" + schema).withMaxPollRecords(40).withConsumerProperties(Map.of("max.poll.interval.ms",
                    "2000", "session.timeout.ms", "6000", "heartbeat.interval.ms", "500"));
            PostgresReadModelStore store = new PostgresReadModelStore(PostgresServer.dataSource(), schema);
            CountDownLatch stalled = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicBoolean stallOnce = new AtomicBoolean(true);
            HookedTally.Hook stall = event -> {
                if (stallOnce.compareAndSet(true, false)) {
                    stalled.countDown();
                    release.await(60, TimeUnit.SECONDS); // a long GC pause, as the group sees it
                }
            };
            try (KafkaRelay relay = new KafkaRelay(events, new InMemoryProjectionLock(), relayConfig);
                    KafkaProjectionConsumer zombie = new KafkaProjectionConsumer(
                            HookedTally.projection(FailurePolicy.DEFAULT, stall), store, config);
                    KafkaProjectionConsumer owner = new KafkaProjectionConsumer(StreamTally.projection(), store, config)) {
                relay.start();
                await("the relay publishes", () -> relay.publishedUpTo().orElse(0L) >= events.head().position());
                zombie.start();
                assertThat(stalled.await(30, TimeUnit.SECONDS)).as("the first instance stalls in its first batch").isTrue();
                owner.start();
                Map<Integer, Long> ends = lastOffsets(relayConfig.topic());
                await("the second instance takes every partition over and applies it", () ->
                        reached(store, relayConfig.topic(), ends));
                Object before = StoreContents.of(store, List.of(StreamTally.TALLY));
                release.countDown();
                await("the zombie's commit is refused", () -> zombie.fencedCommits() > 0);
                assertThat(zombie.lastError()).hasValueSatisfying(e -> assertThat(e).contains("moved"));
                assertThat(StoreContents.of(store, List.of(StreamTally.TALLY))).isEqualTo(before);

                StreamTally.append(events, random, 20, 200); // both go on, sharing the partitions again
                await("the relay publishes the rest", () -> relay.publishedUpTo().orElse(0L) >= events.head().position());
                Map<Integer, Long> more = lastOffsets(relayConfig.topic());
                await("the group applies the rest", () -> reached(store, relayConfig.topic(), more));
            } finally {
                release.countDown();
            }
            assertThat(store.query(StreamTally.TALLY, Query.all()).stream().mapToLong(d -> d.longValue("broken", 0)).sum())
                    .isZero();
            assertThat(StoreContents.of(store, List.of(StreamTally.TALLY))).isEqualTo(StreamTally.cleanReplay(events));
        }
    }

    private static boolean reached(PostgresReadModelStore store, String topic, Map<Integer, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> store.checkpoint(
                KafkaProjectionConsumer.checkpointName("tally", topic, e.getKey())) == e.getValue() + 1);
    }
}
