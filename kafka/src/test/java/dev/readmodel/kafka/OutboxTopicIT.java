package dev.readmodel.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.query.Query;
import dev.readmodel.postgres.PostgresReadModelStore;
import dev.readmodel.postgres.PostgresServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BooleanSupplier;
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
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaServer.bootstrap(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
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
        }
    }

    private static Map<String, Long> totals(PostgresReadModelStore store) {
        return store.query(TOTALS, Query.all()).stream().collect(Collectors.toMap(d -> d.string("id"),
                d -> d.longValue("qty", 0), Long::sum, TreeMap::new));
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
