package dev.readmodel.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.error.StoreException;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.event.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class EventRecordsTest {
    private static final EventEnvelope EVENT = new EventEnvelope(42, "cart-\u00e9 \"1\"", 3, "cart.item-added",
            UUID.fromString("1b4e28ba-2fa1-11d2-883f-0016d3cca427"), Instant.parse("2026-12-01T10:15:30.123456Z"),
            Json.parse("{\"sku\":\"x\",\"qty\":2,\"note\":\"\\u0000 \u2603\"}"), Json.parse("{\"user\":\"ann\"}"));

    @Test
    void anEventSurvivesTheTripThroughARecord() {
        ProducerRecord<byte[], byte[]> sent = EventRecords.toRecord("orders", EVENT);
        assertThat(new String(sent.key(), StandardCharsets.UTF_8)).isEqualTo(EVENT.streamId());
        assertThat(sent.timestamp()).as("the broker's time, not the event's: retention").isNull();
        assertThat(EventRecords.toEnvelope(received(sent))).isEqualTo(EVENT);
    }

    @Test
    void aRecordWithoutTheHeadersIsRefusedNamingWhereItIs() {
        ProducerRecord<byte[], byte[]> sent = EventRecords.toRecord("orders", EVENT);
        sent.headers().remove(EventRecords.VERSION);
        assertThatThrownBy(() -> EventRecords.toEnvelope(received(sent))).isInstanceOf(StoreException.class)
                .hasMessageContaining("orders/3@17").hasMessageContaining("[readmodel.version] is missing");
    }

    private static ConsumerRecord<byte[], byte[]> received(ProducerRecord<byte[], byte[]> sent) {
        return new ConsumerRecord<>(sent.topic(), 3, 17, 0L, TimestampType.CREATE_TIME, sent.key().length,
                sent.value().length, sent.key(), sent.value(), sent.headers(), Optional.empty());
    }
}
