package dev.readmodel.kafka;

import dev.readmodel.core.error.StoreException;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.event.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * How {@link KafkaRelay} writes an event as a Kafka record, and how to read it back: the key is the
 * stream id, the value the event's JSON data, and the headers below carry the rest, each as UTF-8 text
 * (numbers in decimal), so that any client can read them. Stateless and thread-safe.
 */
public final class EventRecords {
    /** The event's global position in the event store. */
    public static final String POSITION = "readmodel.position";
    /** The stream (aggregate) id; also the record's key. */
    public static final String STREAM = "readmodel.stream";
    /** The stream's version after this event. */
    public static final String VERSION = "readmodel.version";
    /** The event type. */
    public static final String TYPE = "readmodel.type";
    /** The event's id. */
    public static final String EVENT_ID = "readmodel.event-id";
    /** When the event happened, ISO-8601. */
    public static final String OCCURRED_AT = "readmodel.occurred-at";
    /** The event's JSON metadata. */
    public static final String METADATA = "readmodel.metadata";

    private EventRecords() {
    }

    /** The record {@link KafkaRelay} sends for {@code event} to {@code topic}. */
    public static ProducerRecord<byte[], byte[]> toRecord(String topic, EventEnvelope event) {
        Headers headers = new RecordHeaders();
        add(headers, POSITION, Long.toString(event.position()));
        add(headers, STREAM, event.streamId());
        add(headers, VERSION, Long.toString(event.streamVersion()));
        add(headers, TYPE, event.type());
        add(headers, EVENT_ID, event.eventId().toString());
        add(headers, OCCURRED_AT, event.occurredAt().toString());
        add(headers, METADATA, Json.write(event.metadata()));
        // no record timestamp of the event's own: time-based retention would drop old events at once
        return new ProducerRecord<>(topic, null, null, event.streamId().getBytes(StandardCharsets.UTF_8),
                Json.write(event.data()).getBytes(StandardCharsets.UTF_8), headers);
    }

    /**
     * The event a record written by {@link KafkaRelay} carries.
     *
     * @throws StoreException naming the record's topic, partition and offset when a header is missing or
     *     malformed, or the value is not JSON
     */
    public static EventEnvelope toEnvelope(ConsumerRecord<byte[], byte[]> record) {
        try {
            long position = Long.parseLong(header(record, POSITION));
            JsonNode data = record.value() == null ? null : Json.parse(new String(record.value(), StandardCharsets.UTF_8));
            return new EventEnvelope(position, header(record, STREAM), Long.parseLong(header(record, VERSION)),
                    header(record, TYPE), UUID.fromString(header(record, EVENT_ID)),
                    Instant.parse(header(record, OCCURRED_AT)), data, Json.parse(header(record, METADATA)));
        } catch (RuntimeException e) {
            throw new StoreException("Kafka record [" + where(record) + "] is not a readmodel event: "
                    + e.getMessage(), e);
        }
    }

    /** The text of header {@code name} of {@code record}, or {@code null} when it has none. */
    public static String headerText(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        String text = headerText(record, name);
        if (text == null) {
            throw new IllegalArgumentException("header [" + name + "] is missing");
        }
        return text;
    }

    private static String where(ConsumerRecord<?, ?> record) {
        return record.topic() + "/" + record.partition() + "@" + record.offset();
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
