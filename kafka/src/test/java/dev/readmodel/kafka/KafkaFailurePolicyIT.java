package dev.readmodel.kafka;

import static dev.readmodel.kafka.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.error.TransientStoreException;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.memory.InMemoryDeadLetterStore;
import dev.readmodel.core.memory.InMemoryProjectionLock;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.FailurePolicy;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.status.DeadLetter;
import dev.readmodel.postgres.PostgresEventStore;
import dev.readmodel.postgres.PostgresReadModelStore;
import dev.readmodel.postgres.PostgresServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The projection's failure policy holds on Kafka: a handler that keeps failing on one event is retried as
 * often as the policy says, then stops its partition at that record (fail) or parks the event and goes on
 * (dead letter); the other partitions are not held up either way.
 */
class KafkaFailurePolicyIT {
    private static final String POISONED = "s-3";

    private static String schema;
    private static PostgresEventStore events;
    private static String topic;
    private static EventEnvelope poison;

    @BeforeAll
    static void publish() throws Exception {
        schema = PostgresServer.freshSchema();
        events = new PostgresEventStore(PostgresServer.dataSource(), schema);
        events.createSchema();
        StreamTally.append(events, new Random(3), 10, 200);
        poison = events.readStream(POISONED).get(1);
        KafkaRelayConfig relayConfig = KafkaRelayConfig.of(KafkaServer.bootstrap(), "poison-" + schema)
                .withPartitions(2).withIntervals(Duration.ofMillis(20), Duration.ofMillis(100));
        topic = relayConfig.topic();
        try (KafkaRelay relay = new KafkaRelay(events, new InMemoryProjectionLock(), relayConfig)) {
            relay.start();
            await("the relay publishes", () -> relay.publishedUpTo().orElse(0L) >= events.head().position());
        }
    }

    @AfterAll
    static void stop() {
        events.close();
    }

    @Test
    void underFailTheEventsPartitionStopsAtItsRecordAndTheOtherGoesOn() throws Exception {
        PostgresReadModelStore store = new PostgresReadModelStore(PostgresServer.dataSource(), PostgresServer.freshSchema());
        AtomicInteger attempts = new AtomicInteger();
        Map<Integer, Long> ends = lastOffsets();
        try (KafkaProjectionConsumer consumer = new KafkaProjectionConsumer(HookedTally.projection(FailurePolicy.fail(2),
                poisoned(attempts)), store, config("fail"))) {
            consumer.start();
            await("the poisoned partition faults", () -> !consumer.faults().isEmpty());
            PartitionFault fault = consumer.faults().values().iterator().next();
            int other = 1 - fault.partition();
            await("the other partition reaches its end", () -> checkpoint(store, other) == ends.get(other) + 1);
            assertThat(fault.position()).isEqualTo(poison.position());
            assertThat(fault.attempts()).isEqualTo(3);
            assertThat(attempts.get()).isEqualTo(3);
            assertThat(fault.describe()).contains("[tally]", "[" + topic + "/" + fault.partition() + "]",
                    "[" + fault.offset() + "]", "[" + poison.position() + "]", "poisoned for the test");
            assertThat(consumer.lastError()).hasValue(fault.describe());
            assertThat(checkpoint(store, fault.partition())).isLessThanOrEqualTo(fault.offset());
            Thread.sleep(500); // stopped means stopped: no more attempts, nothing committed past the record
            assertThat(attempts.get()).isEqualTo(3);
            assertThat(checkpoint(store, fault.partition())).isLessThanOrEqualTo(fault.offset());
            assertThat(store.load(StreamTally.TALLY, List.of(POISONED)).values())
                    .allSatisfy(doc -> assertThat(doc.document().longValue("last_version", 0)).isLessThan(2));
        }
    }

    @Test
    void underDeadLetterTheEventIsParkedAndEveryPartitionReachesItsEnd() throws Exception {
        PostgresReadModelStore store = new PostgresReadModelStore(PostgresServer.dataSource(), PostgresServer.freshSchema());
        InMemoryDeadLetterStore deadLetters = new InMemoryDeadLetterStore();
        AtomicInteger attempts = new AtomicInteger();
        Map<Integer, Long> ends = lastOffsets();
        try (KafkaProjectionConsumer consumer = new KafkaProjectionConsumer(HookedTally.projection(
                FailurePolicy.deadLetter(1), poisoned(attempts)), store, config("dead"), RecordMapper.READMODEL,
                deadLetters)) {
            consumer.start();
            await("every partition reaches its end", () -> ends.entrySet().stream()
                    .allMatch(e -> checkpoint(store, e.getKey()) == e.getValue() + 1));
            assertThat(consumer.faults()).isEmpty();
        }
        assertThat(attempts.get()).isEqualTo(2);
        List<DeadLetter> parked = deadLetters.list("tally");
        assertThat(parked).singleElement().satisfies(letter -> {
            assertThat(letter.event().position()).isEqualTo(poison.position());
            assertThat(letter.attempts()).isEqualTo(2);
            assertThat(letter.error()).contains("poisoned for the test");
        });
        Document tally = store.load(StreamTally.TALLY, List.of(POISONED)).get(POISONED).document();
        assertThat(tally.longValue("events", 0)).isEqualTo(events.readStream(POISONED).size() - 1);
    }

    @Test
    void aStoreFailureInsideTheHandlerIsRetriedWithoutCountingAgainstThePolicy() throws Exception {
        PostgresReadModelStore store = new PostgresReadModelStore(PostgresServer.dataSource(), PostgresServer.freshSchema());
        AtomicInteger attempts = new AtomicInteger();
        HookedTally.Hook flaky = event -> {
            if (event.position() == poison.position() && attempts.incrementAndGet() <= 3) {
                throw new TransientStoreException("store unreachable for the test", null);
            }
        };
        Map<Integer, Long> ends = lastOffsets();
        try (KafkaProjectionConsumer consumer = new KafkaProjectionConsumer(HookedTally.projection(FailurePolicy.fail(0),
                flaky), store, config("transient"))) {
            consumer.start();
            await("every partition reaches its end", () -> ends.entrySet().stream()
                    .allMatch(e -> checkpoint(store, e.getKey()) == e.getValue() + 1));
            assertThat(consumer.faults()).isEmpty();
            assertThat(consumer.lastError()).hasValueSatisfying(e -> assertThat(e).contains("store unreachable"));
        }
        assertThat(attempts.get()).isEqualTo(4);
        Document tally = store.load(StreamTally.TALLY, List.of(POISONED)).get(POISONED).document();
        assertThat(tally.longValue("events", 0)).isEqualTo(events.readStream(POISONED).size());
        assertThat(tally.longValue("broken", -1)).isZero();
    }

    @Test
    void aDocumentWrittenFromBothPartitionsStopsTheSecondWithAnErrorNamingBoth() throws Exception {
        ReadModel total = ReadModel.named("event_total").key("total_id").field("events", FieldType.LONG).build();
        Projection everything = Projection.named("tally").readModel(total).on("*", JsonNode.class, (data, ctx) ->
                ctx.put(total, "all", ctx.get(total, "all").orElse(Document.of("events", 0L)).plus("events", 1))).build();
        PostgresReadModelStore store = new PostgresReadModelStore(PostgresServer.dataSource(), PostgresServer.freshSchema());
        Map<Integer, Long> ends = lastOffsets();
        try (KafkaProjectionConsumer consumer = new KafkaProjectionConsumer(everything, store, config("mixed"))) {
            consumer.start();
            await("the second partition to write the document faults", () -> !consumer.faults().isEmpty());
            PartitionFault fault = consumer.faults().values().iterator().next();
            int first = 1 - fault.partition();
            await("the first partition reaches its end", () -> checkpoint(store, first) == ends.get(first) + 1);
            assertThat(consumer.faults()).hasSize(1);
            assertThat(fault.error()).contains("[tally]", "[all]", "[event_total]", "[" + topic + "-" + fault.partition()
                    + "]", "[" + topic + "-" + first + "]");
            assertThat(checkpoint(store, fault.partition())).isLessThanOrEqualTo(fault.offset());
            long firstRecords = TopicTally.readAll(topic).stream().filter(r -> r.partition() == first).count();
            assertThat(store.load(total, List.of("all")).get("all").document().longValue("events", 0))
                    .isEqualTo(firstRecords);
        }
    }

    private static HookedTally.Hook poisoned(AtomicInteger attempts) {
        return event -> {
            if (event.position() == poison.position()) {
                attempts.incrementAndGet();
                throw new IllegalStateException("poisoned for the test");
            }
        };
    }

    private static KafkaProjectionConfig config(String group) {
        return new KafkaProjectionConfig(KafkaServer.bootstrap(), topic, group + "-" + schema, 30,
                Duration.ofMillis(200), Duration.ofMillis(50), Map.of());
    }

    private static long checkpoint(PostgresReadModelStore store, int partition) {
        return store.checkpoint(KafkaProjectionConsumer.checkpointName("tally", topic, partition));
    }

    private static Map<Integer, Long> lastOffsets() {
        Map<Integer, Long> last = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : TopicTally.readAll(topic)) {
            last.merge(record.partition(), record.offset(), Math::max);
        }
        return last;
    }
}
