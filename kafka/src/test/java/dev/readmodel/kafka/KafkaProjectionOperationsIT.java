package dev.readmodel.kafka;

import static dev.readmodel.kafka.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.memory.InMemoryProjectionLock;
import dev.readmodel.core.query.Query;
import dev.readmodel.postgres.PostgresReadModelStore;
import dev.readmodel.postgres.PostgresServer;
import dev.readmodel.testkit.StoreContents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Operations on a partitioned projection from outside its instances: the status reads every partition's
 * checkpoint, end offset and owner; a rebuild waits for every member's acknowledgement, names the one that
 * gives none and resumes when run again; it runs while the instances run and when none does, and either way
 * the replay equals a clean one.
 */
class KafkaProjectionOperationsIT extends FreshEventStore {
    @Test
    void statusFromOutsideAndARebuildThatTheNextInstancesReplay() throws Exception {
        StreamTally.append(events, new Random(7), 40, 400);
        KafkaRelayConfig relayConfig = KafkaRelayConfig.of(KafkaServer.bootstrap(), "ops-" + schema)
                .withPartitions(6).withIntervals(Duration.ofMillis(20), Duration.ofMillis(100));
        KafkaProjectionConfig config = KafkaProjectionConfig.of(KafkaServer.bootstrap(), relayConfig.topic(),
                "tally-" + schema).withMaxPollRecords(50)
                .withConsumerProperties(Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "500"));
        PostgresReadModelStore store = new PostgresReadModelStore(PostgresServer.dataSource(), schema);
        try (KafkaRelay relay = new KafkaRelay(events, new InMemoryProjectionLock(), relayConfig);
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaServer.bootstrap()))) {
            relay.start();
            await("the relay publishes everything", () -> relay.publishedUpTo().orElse(0L) >= events.head().position());
            Map<Integer, Long> next = nextOffsets(relayConfig.topic());
            List<KafkaProjectionConsumer> instances = List.of(started(store, config), started(store, config));
            await("both instances apply every partition", () -> caughtUp(store, config, next));
            await("both instances hold partitions", () -> instances.stream().allMatch(i -> !i.assignedPartitions().isEmpty()));

            KafkaProjectionStatus status = KafkaProjectionStatus.of(store, config, "tally");
            assertThat(status.partitions()).hasSize(6);
            for (KafkaProjectionStatus.Partition partition : status.partitions()) {
                assertThat(partition.checkpoint()).isEqualTo(next.get(partition.partition()));
                // the relay's last commit marker follows the last record
                assertThat(partition.lag()).isBetween(0L, 1L).isEqualTo(partition.endOffset() - partition.checkpoint());
                assertThat(partition.owner()).isPresent();
            }
            assertThat(status.partitions().stream().map(p -> p.owner().orElseThrow()).distinct()).hasSize(2);
            assertThat(status.checkpointed()).isEqualTo(next.values().stream().mapToLong(Long::longValue).sum());
            Object built = StoreContents.of(store, List.of(StreamTally.TALLY));

            // a member that is no readmodel instance never acknowledges: the rebuild names it and the others stay drained
            try (KafkaConsumer<byte[], byte[]> foreign = foreignMember(config)) {
                assertThatThrownBy(() -> KafkaProjectionRebuild.run(store, admin, config.topic(), config.groupId(),
                        StreamTally.projection(), Duration.ofSeconds(3))).isInstanceOf(KafkaStatusException.class)
                        .hasMessageContaining("Rebuild [1] of projection [tally]").hasMessageContaining("foreign-member")
                        .hasMessageNotContaining(instances.get(0).instanceId());
                assertThat(KafkaProjectionStatus.of(store, config, "tally").rebuild()).hasValueSatisfying(r -> {
                    assertThat(r.generation()).isEqualTo(1);
                    assertThat(r.phase()).isEqualTo(KafkaProjectionRebuild.Phase.DRAINING);
                });
                assertThat(store.query(StreamTally.TALLY, Query.all())).isNotEmpty(); // not truncated
            }
            // once it left, running it again resumes the same generation
            KafkaProjectionRebuild.State resumed = KafkaProjectionRebuild.run(store, admin, config.topic(),
                    config.groupId(), StreamTally.projection(), Duration.ofSeconds(60));
            assertThat(resumed.generation()).isEqualTo(1);
            assertThat(resumed.phase()).isEqualTo(KafkaProjectionRebuild.Phase.REPLAYING);
            await("the running instances replay every partition", () -> caughtUp(store, config, next));
            assertThat(StoreContents.of(store, List.of(StreamTally.TALLY))).isEqualTo(built);

            // with no member running it proceeds at once; the instances started next replay
            instances.forEach(KafkaProjectionConsumer::close);
            await("the group empties", () -> KafkaProjectionStatus.of(store, config, "tally").partitions().stream()
                    .allMatch(p -> p.owner().isEmpty()));
            assertThat(KafkaProjectionRebuild.run(store, admin, config.topic(), config.groupId(), StreamTally.projection(),
                    Duration.ZERO).generation()).isEqualTo(2);
            assertThat(KafkaProjectionStatus.of(store, config, "tally").checkpointed()).isZero();
            assertThat(store.query(StreamTally.TALLY, Query.all())).isEmpty();

            List<KafkaProjectionConsumer> again = new ArrayList<>(List.of(started(store, config), started(store, config)));
            try {
                await("the new instances replay every partition", () -> caughtUp(store, config, next));
            } finally {
                again.forEach(KafkaProjectionConsumer::close);
            }
            assertThat(StoreContents.of(store, List.of(StreamTally.TALLY))).isEqualTo(built)
                    .isEqualTo(StreamTally.cleanReplay(events));
        }
    }

    /** A plain consumer in the group, polling on a thread of its own, that knows nothing of rebuilds. */
    private static KafkaConsumer<byte[], byte[]> foreignMember(KafkaProjectionConfig config) throws InterruptedException {
        KafkaConsumer<byte[], byte[]> foreign = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, config.groupId(), ConsumerConfig.CLIENT_ID_CONFIG, "foreign-member",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        foreign.subscribe(List.of(config.topic()));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (foreign.assignment().isEmpty() && System.nanoTime() < deadline) {
            foreign.poll(Duration.ofMillis(100)); // joins; its records are dropped
        }
        return foreign;
    }

    private static boolean caughtUp(PostgresReadModelStore store, KafkaProjectionConfig config, Map<Integer, Long> next) {
        return KafkaProjectionStatus.of(store, config, "tally").partitions().stream()
                .allMatch(p -> p.checkpoint() == next.get(p.partition()));
    }

    private static KafkaProjectionConsumer started(PostgresReadModelStore store, KafkaProjectionConfig config) {
        KafkaProjectionConsumer consumer = new KafkaProjectionConsumer(StreamTally.projection(), store, config);
        consumer.start();
        return consumer;
    }

    private static Map<Integer, Long> nextOffsets(String topic) {
        Map<Integer, Long> next = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : TopicTally.readAll(topic)) {
            next.merge(record.partition(), record.offset() + 1, Math::max);
        }
        return next;
    }
}
