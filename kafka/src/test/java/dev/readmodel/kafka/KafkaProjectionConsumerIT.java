package dev.readmodel.kafka;

import static dev.readmodel.kafka.TopicTally.lastOffsets;
import static dev.readmodel.kafka.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.error.TransientStoreException;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.memory.InMemoryProjectionLock;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.spi.ForwardingReadModelStore;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.core.spi.WriteBatch;
import dev.readmodel.core.upcast.Upcasters;
import dev.readmodel.postgres.PostgresReadModelStore;
import dev.readmodel.postgres.PostgresServer;
import dev.readmodel.testkit.StoreContents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Instances of one projection in one consumer group share a relayed topic's partitions, each partition
 * checkpointed in PostgreSQL with the documents it covers: with instances joining and leaving while events
 * are appended, the read model ends equal to a clean replay of the event store, and no document saw an
 * event twice or missed one.
 */
class KafkaProjectionConsumerIT extends FreshEventStore {
    @Test
    void instancesJoiningAndLeavingTheGroupEndWithTheReadModelOfOneCleanReplay() throws Exception {
        Random random = new Random(99);
                StreamTally.append(events, random, 50, 600);
        KafkaRelayConfig relayConfig = KafkaRelayConfig.of(KafkaServer.bootstrap(), "consumed-" + schema)
                .withPartitions(6).withIntervals(Duration.ofMillis(20), Duration.ofMillis(100));
        KafkaProjectionConfig config = KafkaProjectionConfig.of(KafkaServer.bootstrap(), relayConfig.topic(),
                "tally-" + schema).withMaxPollRecords(50)
                .withConsumerProperties(Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "500"));
        PostgresReadModelStore store = new PostgresReadModelStore(PostgresServer.dataSource(), schema);
        try (KafkaRelay relay = new KafkaRelay(events, new InMemoryProjectionLock(), relayConfig)) {
            relay.start();
            await("the relay creates the topic and publishes", () -> relay.publishedUpTo().isPresent());
            List<KafkaProjectionConsumer> instances = new ArrayList<>();
            try {
                instances.add(started(store, config));
                await("the first instance holds every partition", () -> instances.get(0).assignedPartitions().size() == 6);
                StreamTally.append(events, random, 50, 300);
                instances.add(started(store, config));
                instances.add(started(store, config));
                await("three instances share the partitions", () -> instances.stream()
                        .allMatch(i -> !i.assignedPartitions().isEmpty()));
                StreamTally.append(events, random, 50, 300);
                instances.remove(0).close(); // leaves mid-stream: its partitions move to the others
                StreamTally.append(events, random, 50, 300);
                await("the relay publishes everything", () -> relay.publishedUpTo().orElse(0L) >= events.head().position());
                Map<Integer, Long> ends = lastOffsets(relayConfig.topic());
                await("every partition's checkpoint reaches its last record", () -> ends.entrySet().stream()
                        .allMatch(e -> store.checkpoint(KafkaProjectionConsumer.checkpointName("tally",
                                relayConfig.topic(), e.getKey())) == e.getValue() + 1));
                assertThat(instances).allSatisfy(i -> assertThat(i.lastError()).isEmpty());
                await("the instances report no lag on their partitions", () -> instances.stream()
                        .allMatch(i -> i.lag().keySet().equals(i.assignedPartitions())
                                && i.lag().values().stream().allMatch(l -> l == 0)));
            } finally {
                instances.forEach(KafkaProjectionConsumer::close);
            }
        }
        assertThat(store.query(StreamTally.TALLY, Query.all()).stream().mapToLong(d -> d.longValue("broken", 0)).sum()).isZero();
        assertThat(StoreContents.of(store, List.of(StreamTally.TALLY))).isEqualTo(StreamTally.cleanReplay(events));
    }

    record Item(String sku, long qty) {
    }

    @Test
    void recordsAreUpcastBeforeTheProjectionDecodesThemAsAnEngineDoes() throws Exception {
        ReadModel totals = ReadModel.named("item_totals").key("id").field("qty", FieldType.LONG).build();
        Projection counting = Projection.named("item-totals").readModel(totals)
                .on("item.added", Item.class, totals, Item::sku, (current, e) ->
                        (current == null ? Document.of("qty", 0L) : current).plus("qty", e.qty()))
                .build();
        // stored as item.put without a quantity (version 1), later as item.added version 2 with one
        Upcasters upcasters = Upcasters.builder().rename("item.put", "item.added")
                .addField("item.added", 1, "qty", 1).build();
        for (int i = 0; i < 3; i++) {
            events.append("items-old-" + i, ExpectedVersion.ANY, List.of(NewEvent.of("item.put", Map.of("sku", "a" + i))));
        }
        for (int i = 0; i < 2; i++) {
            events.append("items-new-" + i, ExpectedVersion.ANY, List.of(upcasters.stamp(
                    NewEvent.of("item.added", Map.of("sku", "b" + i, "qty", 5)))));
        }
        KafkaRelayConfig relayConfig = KafkaRelayConfig.of(KafkaServer.bootstrap(), "upcast-" + schema)
                .withPartitions(2).withIntervals(Duration.ofMillis(20), Duration.ofMillis(100));
        KafkaProjectionConfig config = KafkaProjectionConfig.of(KafkaServer.bootstrap(), relayConfig.topic(),
                "upcast-" + schema).withUpcasters(upcasters);
        PostgresReadModelStore store = new PostgresReadModelStore(PostgresServer.dataSource(), PostgresServer.freshSchema());
        try (KafkaRelay relay = new KafkaRelay(events, new InMemoryProjectionLock(), relayConfig);
             KafkaProjectionConsumer consumer = new KafkaProjectionConsumer(counting, store, config)) {
            relay.start();
            consumer.start();
            // one document per stream (a document must be written from one partition): 3 x 1 + 2 x 5
            await("every item counted", () -> store.query(totals, Query.all()).stream()
                    .mapToLong(d -> d.longValue("qty", 0)).sum() == 13);
            assertThat(store.query(totals, Query.all())).hasSize(5);
            assertThat(consumer.lastError()).isEmpty();
        }
        Projection stale = Projection.named("stale").readModel(totals)
                .on("item.put", Item.class, totals, Item::sku, (current, e) -> current).build();
        assertThatThrownBy(() -> new KafkaProjectionConsumer(stale, store, config))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("[item.put]");
    }

    @Test
    void aStoreThatFailsAtAssignmentAndMidBatchPausesAndRewindsInsteadOfSkippingOrRepeating() throws Exception {
        StreamTally.append(events, new Random(5), 50, 200);
        KafkaRelayConfig relayConfig = KafkaRelayConfig.of(KafkaServer.bootstrap(), "flaky-" + schema)
                .withPartitions(3).withIntervals(Duration.ofMillis(20), Duration.ofMillis(100));
        KafkaProjectionConfig config = new KafkaProjectionConfig(KafkaServer.bootstrap(), relayConfig.topic(),
                "flaky-" + schema, 30, Duration.ofMillis(200), Duration.ofMillis(50), Map.of());
        PostgresReadModelStore real = new PostgresReadModelStore(PostgresServer.dataSource(), PostgresServer.freshSchema());
        AtomicInteger checkpointReads = new AtomicInteger();
        AtomicInteger commits = new AtomicInteger();
        ReadModelStore flaky = new ForwardingReadModelStore(real) {
            @Override
            public long checkpoint(String projection) {
                if (checkpointReads.incrementAndGet() <= 3) {
                    throw new TransientStoreException("checkpoint read refused for the test", null);
                }
                return delegate.checkpoint(projection);
            }

            @Override
            public void commit(WriteBatch batch) {
                if (commits.incrementAndGet() % 4 == 0) {
                    throw new TransientStoreException("commit refused for the test", null);
                }
                delegate.commit(batch);
            }
        };
        try (KafkaRelay relay = new KafkaRelay(events, new InMemoryProjectionLock(), relayConfig)) {
            relay.start();
            await("the relay publishes everything", () -> relay.publishedUpTo().orElse(0L) >= events.head().position());
            // a first instance, on the store as it is, leaves a checkpoint in every partition
            Map<Integer, Long> first = lastOffsets(relayConfig.topic());
            try (KafkaProjectionConsumer consumer = new KafkaProjectionConsumer(StreamTally.projection(), real, config)) {
                consumer.start();
                await("the first instance's checkpoints reach the last records", () -> first.entrySet().stream()
                        .allMatch(e -> real.checkpoint(KafkaProjectionConsumer.checkpointName("tally",
                                relayConfig.topic(), e.getKey())) == e.getValue() + 1));
            }
            StreamTally.append(events, new Random(6), 50, 200);
            await("the relay publishes the rest", () -> relay.publishedUpTo().orElse(0L) >= events.head().position());
        }
        Map<Integer, Long> ends = lastOffsets(relayConfig.topic());
        // the second cannot read those checkpoints at first: reading from anywhere else would repeat events
        try (KafkaProjectionConsumer consumer = new KafkaProjectionConsumer(StreamTally.projection(), flaky, config)) {
            consumer.start();
            await("every partition's checkpoint reaches its last record", () -> ends.entrySet().stream()
                    .allMatch(e -> real.checkpoint(KafkaProjectionConsumer.checkpointName("tally",
                            relayConfig.topic(), e.getKey())) == e.getValue() + 1));
            assertThat(consumer.lastError()).hasValueSatisfying(error -> assertThat(error).contains("refused for the test"));
        }
        assertThat(commits.get()).isGreaterThan(4);
        assertThat(checkpointReads.get()).isGreaterThan(3);
        assertThat(StoreContents.of(real, List.of(StreamTally.TALLY))).isEqualTo(StreamTally.cleanReplay(events));
    }

    private static KafkaProjectionConsumer started(PostgresReadModelStore store, KafkaProjectionConfig config) {
        KafkaProjectionConsumer consumer = new KafkaProjectionConsumer(StreamTally.projection(), store, config);
        consumer.start();
        return consumer;
    }
}
