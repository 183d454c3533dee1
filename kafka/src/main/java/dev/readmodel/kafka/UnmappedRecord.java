package dev.readmodel.kafka;

import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.event.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a dead letter or a partition fault holds of a record its {@link RecordMapper} refused: an event of type
 * {@value #TYPE} at the record's offset + 1, in a stream named by its key (or by topic and partition), with
 * the value as text in {@code data.value} and the record's place in the metadata.
 */
final class UnmappedRecord {
    /** The type such events have. */
    static final String TYPE = "readmodel.kafka.unmapped-record";

    private UnmappedRecord() {
    }

    static EventEnvelope envelope(ConsumerRecord<byte[], byte[]> record) {
        long position = record.offset() + 1;
        String stream = record.key() == null || record.key().length == 0
                ? record.topic() + "-" + record.partition() : new String(record.key(), StandardCharsets.UTF_8);
        ObjectNode data = Json.mapper().createObjectNode();
        data.put("value", record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8));
        ObjectNode metadata = Json.mapper().createObjectNode();
        metadata.put("topic", record.topic()).put("partition", record.partition()).put("offset", record.offset());
        UUID id = UUID.nameUUIDFromBytes((record.topic() + "/" + record.partition() + "@" + record.offset())
                .getBytes(StandardCharsets.UTF_8));
        return new EventEnvelope(position, stream, position, TYPE, id, Instant.ofEpochMilli(Math.max(0, record.timestamp())),
                data, metadata);
    }
}
