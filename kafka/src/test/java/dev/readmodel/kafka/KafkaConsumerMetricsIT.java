package dev.readmodel.kafka;

import static dev.readmodel.kafka.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.memory.InMemoryProjectionLock;
import dev.readmodel.core.projection.FailurePolicy;
import dev.readmodel.core.spi.WriteBatch;
import dev.readmodel.kafka.metrics.KafkaConsumerMetrics;
import dev.readmodel.postgres.PostgresReadModelStore;
import dev.readmodel.postgres.PostgresServer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The consumer's meters against a running consumer on a real broker: partitions held, lag per partition and
 * summed as the consumer sees them, a faulted partition and a fenced commit.
 */
class KafkaConsumerMetricsIT extends FreshEventStore {
    @Test
    void theMetersShowWhatTheRunningConsumerHoldsItsLagFaultsAndFencedCommits() throws Exception {
        StreamTally.append(events, new Random(5), 10, 200);
        long poison = events.readStream("s-3").get(1).position();
        KafkaRelayConfig relayConfig = KafkaRelayConfig.of(KafkaServer.bootstrap(), "metrics-" + schema)
                .withPartitions(2).withIntervals(Duration.ofMillis(20), Duration.ofMillis(100));
        KafkaProjectionConfig config = new KafkaProjectionConfig(KafkaServer.bootstrap(), relayConfig.topic(),
                "metrics-" + schema, 30, Duration.ofMillis(200), Duration.ofMillis(50), Map.of());
        PostgresReadModelStore store = new PostgresReadModelStore(PostgresServer.dataSource(), schema);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (KafkaRelay relay = new KafkaRelay(events, new InMemoryProjectionLock(), relayConfig);
                KafkaProjectionConsumer consumer = new KafkaProjectionConsumer(HookedTally.projection(FailurePolicy.fail(0),
                        event -> {
                            if (event.position() == poison) {
                                throw new IllegalStateException("poisoned for the test");
                            }
                        }), store, config)) {
            relay.start();
            await("the relay publishes", () -> relay.publishedUpTo().orElse(0L) >= events.head().position());
            consumer.start();
            KafkaConsumerMetrics metrics = KafkaConsumerMetrics.bind(consumer, registry);
            await("the poisoned partition faults and the other catches up", () -> consumer.faults().size() == 1
                    && consumer.lag().size() == 2 && consumer.lag().get(1 - faulted(consumer)) <= 1);
            int faulted = faulted(consumer);
            int healthy = 1 - faulted;
            assertThat(gauge(registry, "readmodel.kafka.partitions.assigned")).isEqualTo(2);
            assertThat(gauge(registry, "readmodel.kafka.faults")).isEqualTo(1);
            Map<Integer, Long> lag = consumer.lag();
            assertThat(lag.get(faulted)).isPositive(); // stopped at the poisoned record, short of its end
            assertThat(gauge(registry, "readmodel.kafka.lag")).isEqualTo((double) (lag.get(faulted) + lag.get(healthy)));
            for (int p = 0; p < 2; p++) {
                assertThat(registry.get("readmodel.kafka.partition.lag").tag("partition", Integer.toString(p))
                        .tag("projection", "tally").tag("topic", relayConfig.topic())
                        .tag("instance", consumer.instanceId()).gauge().value()).isEqualTo(lag.get(p).doubleValue());
            }
            assertThat(registry.get("readmodel.kafka.commits.fenced").functionCounter().count()).isZero();

            // another writer moves the healthy partition's checkpoint: the consumer's next commit is fenced
            store.commit(new WriteBatch(KafkaProjectionConsumer.checkpointName("tally", relayConfig.topic(), healthy),
                    List.of(), 1));
            StreamTally.append(events, new Random(6), 10, 40);
            await("a commit is fenced", () -> consumer.fencedCommits() > 0);
            assertThat(registry.get("readmodel.kafka.commits.fenced").functionCounter().count())
                    .isEqualTo((double) consumer.fencedCommits());

            metrics.close();
            assertThat(registry.getMeters()).extracting(Meter::getId).extracting(id -> id.getName())
                    .noneMatch(name -> name.startsWith("readmodel.kafka."));
        }
    }

    private static int faulted(KafkaProjectionConsumer consumer) {
        return consumer.faults().keySet().iterator().next();
    }

    private static double gauge(SimpleMeterRegistry registry, String name) {
        return registry.get(name).tag("projection", "tally").gauge().value();
    }
}
