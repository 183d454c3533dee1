package dev.readmodel.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.error.StoreException;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.upcast.Upcasters;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class OutboxRecordMapperTest {
    private static final UUID ID = UUID.fromString("8f7c31e0-2a8e-4d47-9a49-5b0f0b1c9d11");

    private static ConsumerRecord<byte[], byte[]> record(long offset, String key, String value, String... headers) {
        RecordHeaders all = new RecordHeaders();
        for (int i = 0; i < headers.length; i += 2) {
            all.add(headers[i], headers[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return new ConsumerRecord<>("outbox", 2, offset, 1_700_000_000_000L, TimestampType.CREATE_TIME, -1, -1,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8), all, Optional.empty());
    }

    @Test
    void aDebeziumOutboxRecordBecomesItsEventWithTheRestTakenFromTheRecord() {
        RecordMapper mapper = OutboxRecordMapper.builder().type(RecordField.header("eventType"))
                .eventId(RecordField.header("id")).metadataHeaders("traceparent", Upcasters.VERSION_KEY).build();
        // Debezium without expand.json.payload: the value is a JSON string holding the payload's JSON
        EventEnvelope event = mapper.toEnvelope(record(41, "order-7", "\"{\\\"sku\\\":\\\"a\\\",\\\"qty\\\":3}\"",
                "id", ID.toString(), "eventType", "item.added", "traceparent", "00-abc-01", Upcasters.VERSION_KEY, "2"));

        assertThat(event.streamId()).isEqualTo("order-7");
        assertThat(event.type()).isEqualTo("item.added");
        assertThat(event.eventId()).isEqualTo(ID);
        assertThat(event.position()).isEqualTo(42);
        assertThat(event.streamVersion()).isEqualTo(42);
        assertThat(event.occurredAt()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(event.data().get("qty").asLong()).isEqualTo(3);
        assertThat(event.metadata().get("traceparent").asText()).isEqualTo("00-abc-01");
        assertThat(Upcasters.versionOf(event)).isEqualTo(2);
    }

    @Test
    void aServicesOwnEnvelopeIsReadThroughJsonPointers() {
        RecordMapper mapper = OutboxRecordMapper.builder().streamId(RecordField.json("/aggregate/id"))
                .type(RecordField.json("/type")).data(RecordField.json("/data"))
                .occurredAt(RecordField.json("/at")).build();
        String value = "{\"aggregate\":{\"id\":\"cart-1\"},\"type\":\"cart.opened\",\"at\":\"2026-11-30T10:15:00Z\","
                + "\"data\":{\"owner\":\"ann\"}}";
        EventEnvelope event = mapper.toEnvelope(record(0, null, value));

        assertThat(event.streamId()).isEqualTo("cart-1");
        assertThat(event.type()).isEqualTo("cart.opened");
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-11-30T10:15:00Z"));
        assertThat(event.data().get("owner").asText()).isEqualTo("ann");
        assertThat(event.position()).isEqualTo(1);
        // no id in the record: the same record always gets the same id, another record another
        assertThat(mapper.toEnvelope(record(0, null, value)).eventId()).isEqualTo(event.eventId());
        assertThat(mapper.toEnvelope(record(1, null, value)).eventId()).isNotEqualTo(event.eventId());
    }

    @Test
    void aRecordWithoutAPartOrWithABadOneIsRefusedNamingTheRecordAndThePart() {
        RecordMapper mapper = OutboxRecordMapper.builder().type(RecordField.header("eventType"))
                .eventId(RecordField.header("id")).occurredAt(RecordField.header("at")).build();
        assertThatThrownBy(() -> mapper.toEnvelope(record(5, "s", "{}", "id", ID.toString(), "at", "1")))
                .isInstanceOf(StoreException.class).hasMessageContaining("[outbox/2@5]")
                .hasMessageContaining("event type").hasMessageContaining("header [eventType]");
        assertThatThrownBy(() -> mapper.toEnvelope(record(6, null, "{}", "eventType", "t", "id", ID.toString(), "at", "1")))
                .isInstanceOf(StoreException.class).hasMessageContaining("stream id in the record key");
        assertThatThrownBy(() -> mapper.toEnvelope(record(7, "s", "{}", "eventType", "t", "id", "not-a-uuid", "at", "1")))
                .isInstanceOf(StoreException.class).hasMessageContaining("not a UUID").hasMessageContaining("[not-a-uuid]");
        assertThatThrownBy(() -> mapper.toEnvelope(record(8, "s", "{}", "eventType", "t", "id", ID.toString(), "at", "noon")))
                .isInstanceOf(StoreException.class).hasMessageContaining("ISO-8601").hasMessageContaining("[noon]");
        assertThatThrownBy(() -> mapper.toEnvelope(record(9, "s", "{not json", "eventType", "t", "id", ID.toString(), "at", "1")))
                .isInstanceOf(StoreException.class).hasMessageContaining("[outbox/2@9] has no JSON in the record value");
        assertThatThrownBy(() -> mapper.toEnvelope(record(10, "s", null, "eventType", "t", "id", ID.toString(), "at", "1")))
                .isInstanceOf(StoreException.class).hasMessageContaining("tombstone");
        // which the consumer does not map: a tombstone carries no event
        assertThat(mapper.carriesEvent(record(10, "s", null, "eventType", "t", "id", ID.toString(), "at", "1"))).isFalse();
        assertThat(mapper.carriesEvent(record(11, "s", "{}", "eventType", "t", "id", ID.toString(), "at", "1"))).isTrue();
        assertThat(RecordMapper.READMODEL.carriesEvent(record(12, "s", null))).isTrue();
    }

    @Test
    void aMapperNeedsToKnowWhereTheTypeIs() {
        assertThatThrownBy(() -> OutboxRecordMapper.builder().build()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("type(...)");
        assertThatThrownBy(() -> RecordField.json("payload")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[payload]");
    }
}
