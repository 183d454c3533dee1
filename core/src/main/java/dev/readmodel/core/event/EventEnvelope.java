package dev.readmodel.core.event;

import dev.readmodel.core.error.EventDecodingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One stored event as projections see it. Immutable by contract: handlers must not modify
 * {@link #data()} or {@link #metadata()}.
 *
 * @param position global position in the event store, starting at 1, strictly increasing
 * @param streamId the stream (aggregate) the event belongs to
 * @param streamVersion version of the stream after this event, starting at 1
 * @param type event type, such as {@code invoice.created}
 * @param eventId unique id of the event, stable across replays
 * @param occurredAt when the event happened
 * @param data the event's JSON payload
 * @param metadata JSON metadata (correlation ids, user, ...); an empty object when there is none
 */
public record EventEnvelope(long position, String streamId, long streamVersion, String type, UUID eventId,
        Instant occurredAt, JsonNode data, JsonNode metadata) {

    /** Validates every component; {@code metadata} may be {@code null} and becomes an empty object. */
    public EventEnvelope {
        if (position < 1) {
            throw new IllegalArgumentException("Event position must be at least 1 but was [" + position + "]");
        }
        if (streamVersion < 1) {
            throw new IllegalArgumentException("Stream version must be at least 1 but was [" + streamVersion
                    + "] at position [" + position + "]");
        }
        NewEvent.requireType(type);
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(data, "data");
        metadata = metadata == null ? JsonNodeFactory.instance.objectNode() : metadata;
    }

    /**
     * Decodes {@link #data()} into {@code type}, usually a record of the user's.
     *
     * @throws EventDecodingException naming this event's position and type when the data does not fit
     */
    public <T> T decode(Class<T> target) {
        if (target == JsonNode.class) {
            return target.cast(data);
        }
        try {
            return Json.mapper().treeToValue(data, target);
        } catch (Exception e) {
            throw new EventDecodingException(position, type, streamId, target, e);
        }
    }
}
