package dev.readmodel.kafka;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.error.StoreException;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.event.Json;
import dev.readmodel.core.upcast.Upcasters;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads events from topics that applications or an outbox fill (a Debezium outbox event router, a
 * service's own producer), where each record is one event and its parts sit in the key, headers or JSON
 * value as {@link Builder configured}. For Debezium's outbox router with its defaults
 * ({@code table.fields.additional.placement=type:header:eventType}):
 * <pre>{@code
 * RecordMapper mapper = OutboxRecordMapper.builder()
 *         .type(RecordField.header("eventType"))
 *         .eventId(RecordField.header("id"))
 *         .build();
 * }</pre>
 *
 * <p>What a record does not carry comes from the record itself: the position and the stream version are
 * the record's offset plus one (they grow within a partition, which is all a partitioned projection needs:
 * they become the versions of the documents it writes), the event id is derived from topic, partition and
 * offset (the same record always gets the same id), and the time is the record's timestamp. A JSON value
 * node that is text holding JSON (Debezium's payload without {@code expand.json.payload}) is parsed.
 * A tombstone (a record without a value, which Debezium's router writes for an empty payload with
 * {@code route.tombstone.on.empty.payload}, and which compaction leaves) carries no event and is passed over.
 * Immutable and thread-safe.
 */
public final class OutboxRecordMapper implements RecordMapper {
    private final RecordField streamId;
    private final RecordField type;
    private final RecordField data;
    private final RecordField eventId;
    private final RecordField occurredAt;
    private final List<String> metadataHeaders;

    private OutboxRecordMapper(Builder builder) {
        this.streamId = builder.streamId;
        if (builder.type == null) {
            throw new ConfigurationException("An outbox record mapper needs to know where the event type is: call type(...)");
        }
        this.type = builder.type;
        this.data = builder.data;
        this.eventId = builder.eventId;
        this.occurredAt = builder.occurredAt;
        this.metadataHeaders = List.copyOf(builder.metadataHeaders);
    }

    /** A builder: the stream id from the key and the data from the whole value, until told otherwise. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether {@code record} is no tombstone: an outbox record without a value carries no event. */
    @Override
    public boolean carriesEvent(ConsumerRecord<byte[], byte[]> record) {
        return record.value() != null;
    }

    /**
     * The event {@code record} carries.
     *
     * @throws StoreException naming the record's topic, partition and offset and the missing or malformed part
     */
    @Override
    public EventEnvelope toEnvelope(ConsumerRecord<byte[], byte[]> record) {
        Parts parts = new Parts(record);
        long position = record.offset() + 1;
        String stream = parts.text(streamId, "stream id");
        String eventType = parts.text(type, "event type");
        JsonNode payload = parts.json(data, "data");
        UUID id = eventId == null
                ? UUID.nameUUIDFromBytes((record.topic() + "/" + record.partition() + "@" + record.offset())
                        .getBytes(StandardCharsets.UTF_8))
                : parts.uuid(eventId);
        Instant at = occurredAt == null ? Instant.ofEpochMilli(Math.max(0, record.timestamp())) : parts.instant(occurredAt);
        ObjectNode metadata = Json.mapper().createObjectNode();
        for (String header : metadataHeaders) {
            String value = EventRecords.headerText(record, header);
            if (value == null) {
                continue;
            }
            // the upcasters read the schema version as a number
            if (header.equals(Upcasters.VERSION_KEY) && value.matches("[0-9]{1,9}")) {
                metadata.put(header, Integer.parseInt(value));
            } else {
                metadata.put(header, value);
            }
        }
        return new EventEnvelope(position, stream, position, eventType, id, at, payload, metadata);
    }

    /** The parts of one record, each read once on demand. */
    private static final class Parts {
        private final ConsumerRecord<byte[], byte[]> record;
        private JsonNode value;

        Parts(ConsumerRecord<byte[], byte[]> record) {
            this.record = record;
        }

        String text(RecordField field, String what) {
            String text;
            if (field instanceof RecordField.Header header) {
                text = EventRecords.headerText(record, header.name());
            } else if (field instanceof RecordField.JsonPointer pointer) {
                JsonNode node = node(pointer);
                text = node == null || node.isNull() || node.isContainerNode() ? null : node.asText();
            } else {
                byte[] bytes = field instanceof RecordField.Key ? record.key() : record.value();
                text = bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
            }
            if (text == null || text.isBlank()) {
                throw fail("has no " + what + " in " + field, null);
            }
            return text;
        }

        JsonNode json(RecordField field, String what) {
            JsonNode node;
            if (field instanceof RecordField.Value) {
                node = value();
            } else if (field instanceof RecordField.JsonPointer pointer) {
                node = node(pointer);
            } else {
                node = parse(text(field, what), field);
            }
            if (node == null || node.isMissingNode()) {
                throw fail("has no " + what + " in " + field, null);
            }
            return node.isTextual() ? parse(node.asText(), field) : node;
        }

        UUID uuid(RecordField field) {
            String text = text(field, "event id");
            try {
                return UUID.fromString(text);
            } catch (IllegalArgumentException e) {
                throw fail("has an event id that is not a UUID in " + field + ": [" + text + "]", e);
            }
        }

        Instant instant(RecordField field) {
            String text = text(field, "time");
            try {
                return text.chars().allMatch(Character::isDigit) ? Instant.ofEpochMilli(Long.parseLong(text)) : Instant.parse(text);
            } catch (DateTimeParseException | NumberFormatException e) {
                throw fail("has a time that is neither ISO-8601 nor epoch milliseconds in " + field + ": [" + text + "]", e);
            }
        }

        private JsonNode node(RecordField.JsonPointer pointer) {
            JsonNode found = value().at(pointer.pointer());
            return found.isMissingNode() ? null : found;
        }

        private JsonNode value() {
            if (value == null) {
                if (record.value() == null) {
                    throw fail("has no value (a tombstone)", null);
                }
                value = parse(new String(record.value(), StandardCharsets.UTF_8), RecordField.value());
            }
            return value;
        }

        private JsonNode parse(String text, RecordField field) {
            try {
                return Json.parse(text);
            } catch (RuntimeException e) {
                throw fail("has no JSON in " + field + ": " + e.getMessage(), e);
            }
        }

        private StoreException fail(String problem, Throwable cause) {
            return new StoreException("Kafka record [" + record.topic() + "/" + record.partition() + "@" + record.offset()
                    + "] " + problem, cause);
        }
    }

    /** Where each part of an event is; only the type has no default. */
    public static final class Builder {
        private RecordField streamId = RecordField.key();
        private RecordField type;
        private RecordField data = RecordField.value();
        private RecordField eventId;
        private RecordField occurredAt;
        private final List<String> metadataHeaders = new ArrayList<>();

        private Builder() {
        }

        /** Where the stream (aggregate) id is; default the record key (Debezium's outbox keys by aggregate id). */
        public Builder streamId(RecordField field) {
            this.streamId = Objects.requireNonNull(field, "field");
            return this;
        }

        /** Where the event type is: a header or a value field. */
        public Builder type(RecordField field) {
            this.type = Objects.requireNonNull(field, "field");
            return this;
        }

        /** Where the event's JSON data is; default the whole value. */
        public Builder data(RecordField field) {
            this.data = Objects.requireNonNull(field, "field");
            return this;
        }

        /** Where the event's id (a UUID) is; default an id derived from topic, partition and offset. */
        public Builder eventId(RecordField field) {
            this.eventId = Objects.requireNonNull(field, "field");
            return this;
        }

        /** Where the event's time is (ISO-8601 or epoch milliseconds); default the record's timestamp. */
        public Builder occurredAt(RecordField field) {
            this.occurredAt = Objects.requireNonNull(field, "field");
            return this;
        }

        /**
         * Headers copied into the event's metadata as text where a record has them, such as
         * {@code traceparent}, or {@code schema_version} for the upcasters.
         */
        public Builder metadataHeaders(String... names) {
            for (String name : names) {
                metadataHeaders.add(new RecordField.Header(name).name());
            }
            return this;
        }

        /**
         * The mapper.
         *
         * @throws ConfigurationException when no {@link #type} was given
         */
        public OutboxRecordMapper build() {
            return new OutboxRecordMapper(this);
        }
    }
}
