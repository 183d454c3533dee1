package dev.readmodel.core.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * An event to append. The store assigns its position and stream version.
 *
 * @param type event type: letters, digits, {@code . _ -}, such as {@code invoice.created}
 * @param data the JSON payload; must be a JSON object
 * @param metadata JSON metadata; {@code null} becomes an empty object
 * @param eventId unique id; used by stores to make appends idempotent where they can
 * @param occurredAt when the event happened
 */
public record NewEvent(String type, JsonNode data, JsonNode metadata, UUID eventId, Instant occurredAt) {
    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-]*");
    /** Longest event type accepted. */
    public static final int MAX_TYPE_LENGTH = 200;
    /**
     * Largest event accepted: its data and metadata as JSON, in bytes (1 MiB). Read models are built from
     * batches of events, and one huge event would stall every batch and store call it is in.
     */
    public static final int MAX_SIZE_BYTES = 1 << 20;

    /** Validates the type and data; fills metadata when {@code null}. */
    public NewEvent {
        requireType(type);
        Objects.requireNonNull(data, "data of event [" + type + "]");
        if (!data.isObject()) {
            throw new IllegalArgumentException("Data of event [" + type + "] must be a JSON object but was ["
                    + data.getNodeType() + "]");
        }
        metadata = metadata == null ? JsonNodeFactory.instance.objectNode() : metadata;
        requireSize(type, data, metadata);
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    /** An event of {@code type} with {@code data} (a record, map or JSON node), a random id and the current time. */
    public static NewEvent of(String type, Object data) {
        return new NewEvent(type, Json.toTree(data), null, UUID.randomUUID(), Instant.now());
    }

    /** An event of {@code type} with {@code data}, a random id and the given time. */
    public static NewEvent of(String type, Object data, Instant occurredAt) {
        return new NewEvent(type, Json.toTree(data), null, UUID.randomUUID(), occurredAt);
    }

    /** This event with the given metadata (a record, map or JSON node). */
    public NewEvent withMetadata(Object metadata) {
        return new NewEvent(type, data, Json.toTree(metadata), eventId, occurredAt);
    }

    private static void requireSize(String type, JsonNode data, JsonNode metadata) {
        SizeLimit out = new SizeLimit();
        try {
            Json.mapper().writeValue(out, data);
            Json.mapper().writeValue(out, metadata);
        } catch (IOException e) {
            if (!out.exceeded) {
                throw new UncheckedIOException(e);
            }
            throw new IllegalArgumentException("Event [" + type + "] is larger than " + MAX_SIZE_BYTES
                    + " bytes of JSON data and metadata; keep large content elsewhere and put a reference in the event");
        }
    }

    /** Counts bytes and stops the writer as soon as there are more than {@link #MAX_SIZE_BYTES}. */
    private static final class SizeLimit extends OutputStream {
        private long count;
        private boolean exceeded;

        @Override
        public void write(int b) throws IOException {
            add(1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            add(length);
        }

        private void add(int bytes) throws IOException {
            count += bytes;
            if (count > MAX_SIZE_BYTES) {
                exceeded = true;
                throw new IOException("over " + MAX_SIZE_BYTES + " bytes");
            }
        }

        @Override
        public void close() {
            // Jackson closes the stream after each value; the count goes on
        }
    }

    static void requireType(String type) {
        if (type == null || type.length() > MAX_TYPE_LENGTH || !TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("Invalid event type [" + type + "]: expected 1 to " + MAX_TYPE_LENGTH
                    + " characters of letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }
}
