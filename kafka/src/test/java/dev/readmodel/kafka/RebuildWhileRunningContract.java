package dev.readmodel.kafka;

import static dev.readmodel.kafka.TopicTally.lastOffsets;
import static dev.readmodel.kafka.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.memory.InMemoryProjectionLock;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.ForwardingReadModelStore;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.core.spi.WriteBatch;
import dev.readmodel.kafka.internal.PartitionOwners;
import dev.readmodel.kafka.internal.RebuildLedger;
import dev.readmodel.postgres.PostgresEventStore;
import dev.readmodel.postgres.PostgresServer;
import dev.readmodel.testkit.StoreContents;
import dev.readmodel.testkit.internal.ReliabilitySummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A rebuild from one command while three instances of a projection run and events are appended: the
 * instances drain and acknowledge, the rebuild truncates once (the projection's owners with its read
 * model, another projection's owners kept) and resets every partition, and the instances replay. After
 * they settle the read model equals a clean replay, no event lost and none applied twice, and the status
 * showed the replay's summed progress. Events live in PostgreSQL; the read models in the store a subclass
 * names.
 */
abstract class RebuildWhileRunningContract {
    private static final ReadModel OTHER_OWNERS = PartitionOwners.model("other");
    private static final ReadModel TALLY_OWNERS = PartitionOwners.model("tally");

    private String schema;
    private PostgresEventStore events;

    /** The store the instances write to; a new object on each call, on the same tables. */
    protected abstract ReadModelStore store();

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
    void aRebuildWhileInstancesRunTruncatesOnceAndTheirReplayEqualsACleanOne() throws Exception {
        KafkaRelayConfig relayConfig = KafkaRelayConfig.of(KafkaServer.bootstrap(), "rebuild-" + schema)
                .withPartitions(6).withIntervals(Duration.ofMillis(20), Duration.ofMillis(100));
        KafkaProjectionConfig config = KafkaProjectionConfig.of(KafkaServer.bootstrap(), relayConfig.topic(),
                "tally-" + schema).withMaxPollRecords(20)
                .withConsumerProperties(Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "500"));
        ReadModelStore store = store();
        // prepared once here, not by three instances at once (Elasticsearch's first index of a model races)
        store.prepare(List.of(StreamTally.TALLY, TALLY_OWNERS, OTHER_OWNERS));
        store.prepare(RebuildLedger.MODELS);
        store.commit(new WriteBatch("other@" + relayConfig.topic() + "/0", List.of(new DocumentWrite.Put(OTHER_OWNERS,
                "other@t:m/1", Document.of("owner_key", "other@t:m/1", "partition", 0L), 1)), 1));
        CountingStore rebuildStore = new CountingStore(store());
        StreamTally.append(events, new Random(41), 50, 400);
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            Random own = new Random(42);
            while (writing.get()) {
                StreamTally.append(events, own, 50, 4);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "appender");
        List<KafkaProjectionConsumer> instances = new ArrayList<>();
        List<KafkaProjectionStatus> samples = new CopyOnWriteArrayList<>();
        KafkaProjectionRebuild.State rebuilt;
        try (KafkaRelay relay = new KafkaRelay(events, new InMemoryProjectionLock(), relayConfig);
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaServer.bootstrap()))) {
            relay.start();
            await("the relay creates the topic and publishes", () -> relay.publishedUpTo().isPresent());
            writer.start();
            for (int i = 0; i < 3; i++) {
                KafkaProjectionConsumer instance = new KafkaProjectionConsumer(StreamTally.projection(), store(), config);
                instances.add(instance);
                instance.start();
            }
            await("three instances hold partitions and applied some", () -> instances.stream()
                    .allMatch(i -> !i.assignedPartitions().isEmpty())
                    && KafkaProjectionStatus.of(store, admin, config.topic(), config.groupId(), "tally").checkpointed() > 200);

            rebuilt = KafkaProjectionRebuild.run(rebuildStore, admin, config.topic(), config.groupId(),
                    StreamTally.projection(), Duration.ofSeconds(60));
            assertThat(rebuilt.generation()).isEqualTo(1);
            assertThat(rebuilt.phase()).isEqualTo(KafkaProjectionRebuild.Phase.REPLAYING);
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        samples.add(KafkaProjectionStatus.of(store, admin, config.topic(), config.groupId(), "tally"));
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    } catch (RuntimeException e) {
                        // a sample missed; the next one counts
                    }
                }
            }, "status-sampler");
            sampler.start();
            Thread.sleep(1500); // the replay runs while events are still appended
            writing.set(false);
            writer.join();
            await("the relay publishes everything", () -> relay.publishedUpTo().orElse(0L) >= events.head().position());
            Map<Integer, Long> ends = lastOffsets(relayConfig.topic());
            await("every partition's checkpoint reaches its last record", () -> ends.entrySet().stream()
                    .allMatch(e -> store.checkpoint(KafkaProjectionConsumer.checkpointName("tally",
                            relayConfig.topic(), e.getKey())) == e.getValue() + 1));
            sampler.interrupt();
            sampler.join();
            samples.add(KafkaProjectionStatus.of(store, admin, config.topic(), config.groupId(), "tally"));
        } finally {
            writing.set(false);
            writer.join();
            instances.forEach(KafkaProjectionConsumer::close);
        }
        long head = events.head().position();
        List<Document> tallies = store.query(StreamTally.TALLY, Query.all());
        long applied = tallies.stream().mapToLong(d -> d.longValue("events", 0)).sum();
        long broken = tallies.stream().mapToLong(d -> d.longValue("broken", 0)).sum();
        ReliabilitySummary.record("rebuild while running (kafka)", storeName(), 1, rebuildStore.truncates, Math.max(0,
                head - applied), Math.max(0, applied - head), head + " events, 6 partitions; 3 instances drained, "
                + "truncated " + rebuildStore.truncates + "x, replayed; " + broken + " broken streams");
        assertThat(rebuildStore.truncates).isEqualTo(1);
        assertThat(rebuildStore.truncated).containsExactlyInAnyOrder(StreamTally.TALLY, TALLY_OWNERS);
        assertThat(rebuildStore.ownersBefore).isPositive();
        assertThat(rebuildStore.ownersAfter).isZero();
        assertThat(rebuildStore.otherOwnersAfter).isEqualTo(1);
        assertThat(applied).isEqualTo(head);
        assertThat(broken).isZero();
        assertThat(StoreContents.of(store, List.of(StreamTally.TALLY))).isEqualTo(StreamTally.cleanReplay(events));
        // every stream's document has its owner again, written by the replay
        assertThat(store.query(TALLY_OWNERS, Query.all())).hasSize(tallies.size());
        assertThat(store.query(OTHER_OWNERS, Query.all())).hasSize(1);
        // the status showed the replay: generation 1 replaying, summed checkpoints short of the summed ends, then
        // growing to them
        assertThat(samples).allSatisfy(s -> assertThat(s.rebuild()).contains(rebuilt));
        KafkaProjectionStatus first = samples.get(0);
        KafkaProjectionStatus last = samples.get(samples.size() - 1);
        assertThat(first.checkpointed()).isLessThan(first.endOffsets());
        assertThat(last.checkpointed()).isGreaterThan(first.checkpointed());
        assertThat(last.rebuilt()).isTrue();
    }

    /** The rebuild's store: counts its truncates and looks at the owners right around one. */
    private static final class CountingStore extends ForwardingReadModelStore {
        volatile int truncates;
        volatile List<ReadModel> truncated = List.of();
        volatile int ownersBefore = -1;
        volatile int ownersAfter = -1;
        volatile int otherOwnersAfter = -1;

        CountingStore(ReadModelStore delegate) {
            super(delegate);
        }

        @Override
        public void truncate(String projection, List<ReadModel> models) {
            ownersBefore = delegate.query(TALLY_OWNERS, Query.all()).size();
            delegate.truncate(projection, models);
            truncates++;
            truncated = List.copyOf(models);
            ownersAfter = delegate.query(TALLY_OWNERS, Query.all()).size();
            otherOwnersAfter = delegate.query(OTHER_OWNERS, Query.all()).size();
        }
    }
}
