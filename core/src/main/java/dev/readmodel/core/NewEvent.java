package dev.readmodel.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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

    /** Validates the type and data; fills metadata when {@code null}. */
    public NewEvent {
        requireType(type);
        Objects.requireNonNull(data, "data of event [" + type + "]");
        if (!data.isObject()) {
            throw new IllegalArgumentException("Data of event [" + type + "] must be a JSON object but was ["
                    + data.getNodeType() + "]");
        }
        metadata = metadata == null ? JsonNodeFactory.instance.objectNode() : metadata;
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

    static void requireType(String type) {
        if (type == null || type.length() > MAX_TYPE_LENGTH || !TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("Invalid event type [" + type + "]: expected 1 to " + MAX_TYPE_LENGTH
                    + " characters of letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }
}
