package dev.readmodel.kafka;

import static dev.readmodel.kafka.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.memory.InMemoryDeadLetterStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.FailurePolicy;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.query.Query;
import dev.readmodel.postgres.PostgresReadModelStore;
import dev.readmodel.postgres.PostgresServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * A topic that an outbox fills, not the relay: records shaped as Debezium's outbox event router writes them
 * (key the aggregate id, value the payload as JSON text, the event's id and type in headers) are read
 * through an {@link OutboxRecordMapper} into a PostgreSQL read model, across a restart of the consumer,
 * each exactly once.
 */
class OutboxTopicIT {
    private static final ReadModel TOTALS = ReadModel.named("outbox_totals").key("id").field("qty", FieldType.LONG)
            .field("lines", FieldType.LONG).build();

    record Added(String sku, long qty) {
    }

    private static final Projection TOTALLING = Projection.named("outbox-totals").readModel(TOTALS)
            .on("item.added", Added.class, TOTALS, (Added e) -> e.sku(), (current, e) ->
                    (current == null ? Document.of("qty", 0L, "lines", 0L) : current).plus("qty", e.qty()).plus("lines", 1))
            .build();

    @Test
    void recordsOfAnOutboxTopicReachTheReadModelOnceEachAcrossARestart() throws Exception {
        String schema = PostgresServer.freshSchema();
        String topic = "outbox-" + schema;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaServer.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
        RecordMapper mapper = OutboxRecordMapper.builder().type(RecordField.header("eventType"))
                .eventId(RecordField.header("id")).build();
        KafkaProjectionConfig config = KafkaProjectionConfig.of(KafkaServer.bootstrap(), topic, "outbox-" + schema)
                .withMaxPollRecords(7);
        PostgresReadModelStore store = new PostgresReadModelStore(PostgresServer.dataSource(), schema);
        Map<String, Long> expected = new TreeMap<>();
        Random random = new Random(17);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            send(producer, topic, random, 90, expected);
            try (KafkaProjectionConsumer consumer = new KafkaProjectionConsumer(TOTALLING, store, config, mapper)) {
                consumer.start();
                await("the first records are applied", () -> totals(store).equals(expected));
                assertThat(consumer.lastError()).isEmpty();
            }
            send(producer, topic, random, 45, expected);
            try (KafkaProjectionConsumer consumer = new KafkaProjectionConsumer(TOTALLING, store, config, mapper)) {
                consumer.start();
                await("the records sent while no consumer ran are applied", () -> totals(store).equals(expected));
                assertThat(consumer.lastError()).isEmpty();
            }
        }
        assertThat(store.query(TOTALS, Query.all()).stream().mapToLong(d -> d.longValue("lines", 0)).sum()).isEqualTo(135);
    }

    @Test
    void aRecordThatIsNoEventMeetsTheFailurePolicyInsteadOfStoppingItsPartitionForEver() throws Exception {
        String schema = PostgresServer.freshSchema();
        String topic = "poison-" + schema;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaServer.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        RecordMapper mapper = OutboxRecordMapper.builder().type(RecordField.header("eventType")).build();
        Map<String, Long> expected = new TreeMap<>();
        Random random = new Random(23);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            send(producer, topic, random, 5, expected);
            // no eventType header: the mapper refuses it
            producer.send(new ProducerRecord<>(topic, "sku-x".getBytes(StandardCharsets.UTF_8),
                    "\"{}\"".getBytes(StandardCharsets.UTF_8))).get();
            send(producer, topic, random, 5, expected);
        }
        long poisonOffset = 5;
        PostgresReadModelStore parked = new PostgresReadModelStore(PostgresServer.dataSource(), schema);
        InMemoryDeadLetterStore deadLetters = new InMemoryDeadLetterStore();
        try (KafkaProjectionConsumer consumer = new KafkaProjectionConsumer(
                TOTALLING.withFailurePolicy(FailurePolicy.deadLetter(1)), parked,
                KafkaProjectionConfig.of(KafkaServer.bootstrap(), topic, "parking-" + schema), mapper, deadLetters)) {
            consumer.start();
            await("the records around the poison pill are applied", () -> totals(parked).equals(expected));
            assertThat(deadLetters.list("outbox-totals")).singleElement().satisfies(letter -> {
                assertThat(letter.event().type()).isEqualTo(UnmappedRecord.TYPE);
                assertThat(letter.event().metadata().get("offset").asLong()).isEqualTo(poisonOffset);
                assertThat(letter.error()).contains("[" + topic + "/0@" + poisonOffset + "]").contains("event type");
                assertThat(letter.attempts()).isEqualTo(2);
            });
        }
        PostgresReadModelStore stopped = new PostgresReadModelStore(PostgresServer.dataSource(), PostgresServer.freshSchema());
        try (KafkaProjectionConsumer consumer = new KafkaProjectionConsumer(TOTALLING.withFailurePolicy(FailurePolicy.fail(0)),
                stopped, KafkaProjectionConfig.of(KafkaServer.bootstrap(), topic, "stopping-" + schema), mapper)) {
            consumer.start();
            await("the partition stops at the poison pill", () -> consumer.faults().containsKey(0));
            PartitionFault fault = consumer.faults().get(0);
            assertThat(fault.offset()).isEqualTo(poisonOffset);
            assertThat(fault.eventType()).isEqualTo(UnmappedRecord.TYPE);
            assertThat(fault.error()).contains("[" + topic + "/0@" + poisonOffset + "]");
            // nothing at or after it is applied (what came before it in its batch waits with it)
            assertThat(stopped.checkpoint(KafkaProjectionConsumer.checkpointName("outbox-totals", topic, 0)))
                    .isLessThanOrEqualTo(poisonOffset);
            assertThat(stopped.query(TOTALS, Query.all()).stream().mapToLong(d -> d.longValue("lines", 0)).sum())
                    .isLessThanOrEqualTo(poisonOffset);
        }
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaServer.bootstrap(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, Random random, int count,
            Map<String, Long> expected) throws Exception {
        for (int i = 0; i < count; i++) {
            String sku = "sku-" + random.nextInt(12);
            long qty = 1 + random.nextInt(9);
            String payload = "{\"sku\":\"" + sku + "\",\"qty\":" + qty + "}";
            // the value as Debezium writes a text payload column: a JSON string holding the JSON
            String value = "\"" + payload.replace("\"", "\\\"") + "\"";
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, sku.getBytes(StandardCharsets.UTF_8),
                    value.getBytes(StandardCharsets.UTF_8));
            record.headers().add("id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
            record.headers().add("eventType", "item.added".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
            expected.merge(sku, qty, Long::sum);
            if (i % 10 == 9) {
                // a tombstone, as Debezium's router writes for an empty payload: no event, passed over, no failure
                producer.send(new ProducerRecord<>(topic, sku.getBytes(StandardCharsets.UTF_8), null)).get();
            }
        }
    }

    private static Map<String, Long> totals(PostgresReadModelStore store) {
        return store.query(TOTALS, Query.all()).stream().collect(Collectors.toMap(d -> d.string("id"),
                d -> d.longValue("qty", 0), Long::sum, TreeMap::new));
    }
}
