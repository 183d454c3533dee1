package dev.readmodel.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.memory.InMemoryProjectionLock;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.query.Query;
import dev.readmodel.postgres.PostgresEventStore;
import dev.readmodel.postgres.PostgresReadModelStore;
import dev.readmodel.postgres.PostgresServer;
import dev.readmodel.testkit.StoreContents;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Instances of one projection in one consumer group share a relayed topic's partitions, each partition
 * checkpointed in PostgreSQL with the documents it covers: with instances joining and leaving while events
 * are appended, the read model ends equal to a clean replay of the event store, and no document saw an
 * event twice or missed one.
 */
class KafkaProjectionConsumerIT {
    private static final ReadModel TALLY = ReadModel.named("stream_tally").key("stream_id")
            .field("events", FieldType.LONG).field("last_version", FieldType.LONG).field("broken", FieldType.LONG)
            .build();

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

    /** Counts each stream's events; a version that does not follow the last one marks the stream broken. */
    static Projection tally() {
        return Projection.named("tally").readModel(TALLY).on("*", JsonNode.class, (data, ctx) -> {
            long version = ctx.event().streamVersion();
            Document doc = ctx.get(TALLY, ctx.event().streamId()).orElse(Document.of("events", 0L, "last_version", 0L,
                    "broken", 0L));
            long broken = doc.longValue("last_version", 0) + 1 == version ? 0 : 1;
            ctx.put(TALLY, ctx.event().streamId(), doc.plus("events", 1).with("last_version", version)
                    .plus("broken", broken));
        }).build();
    }

    @Test
    void instancesJoiningAndLeavingTheGroupEndWithTheReadModelOfOneCleanReplay() throws Exception {
        Random random = new Random(99);
        Map<String, Integer> versions = new HashMap<>();
        append(random, versions, 600);
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
                append(random, versions, 300);
                instances.add(started(store, config));
                instances.add(started(store, config));
                await("three instances share the partitions", () -> instances.stream()
                        .allMatch(i -> !i.assignedPartitions().isEmpty()));
                append(random, versions, 300);
                instances.remove(0).close(); // leaves mid-stream: its partitions move to the others
                append(random, versions, 300);
                await("the relay publishes everything", () -> relay.publishedUpTo().orElse(0L) >= events.head().position());
                Map<Integer, Long> ends = lastOffsets(relayConfig.topic());
                await("every partition's checkpoint reaches its last record", () -> ends.entrySet().stream()
                        .allMatch(e -> store.checkpoint(KafkaProjectionConsumer.checkpointName("tally",
                                relayConfig.topic(), e.getKey())) == e.getValue() + 1));
                assertThat(instances).allSatisfy(i -> assertThat(i.lastError()).isEmpty());
            } finally {
                instances.forEach(KafkaProjectionConsumer::close);
            }
        }
        assertThat(store.query(TALLY, Query.all()).stream().mapToLong(d -> d.longValue("broken", 0)).sum()).isZero();
        assertThat(StoreContents.of(store, List.of(TALLY))).isEqualTo(cleanReplay());
    }

    private static KafkaProjectionConsumer started(PostgresReadModelStore store, KafkaProjectionConfig config) {
        KafkaProjectionConsumer consumer = new KafkaProjectionConsumer(tally(), store, config);
        consumer.start();
        return consumer;
    }

    private static Map<Integer, Long> lastOffsets(String topic) {
        Map<Integer, Long> last = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : TopicTally.readAll(topic)) {
            last.merge(record.partition(), record.offset(), Math::max);
        }
        return last;
    }

    private static Object cleanReplay() throws Exception {
        InMemoryReadModelStore reference = new InMemoryReadModelStore();
        try (ProjectionEngine engine = ProjectionEngine.builder(events)
                .register(tally(), reference, ProjectionMode.CATCH_UP).build()) {
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofMinutes(1))).isTrue();
        }
        return StoreContents.of(reference, List.of(TALLY));
    }

    private static void append(Random random, Map<String, Integer> versions, int count) {
        for (int i = 0; i < count; ) {
            String stream = "s-" + random.nextInt(50);
            int n = 1 + random.nextInt(4);
            List<NewEvent> batch = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                batch.add(NewEvent.of("thing.counted", Map.of("n", versions.merge(stream, 1, Integer::sum))));
            }
            events.append(stream, ExpectedVersion.ANY, batch);
            i += n;
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Waited 60 s for: " + what);
            }
            Thread.sleep(50);
        }
    }
}
