package dev.readmodel.core.upcast;

import java.util.List;

/**
 * Brings an event of one (type, schema version) one step nearer to its type's current shape: to a newer
 * version, another type, several events (a split), or none (an event type that is dropped). The engine
 * upcasts what an upcaster returns again until every event is at its type's current version, so a chain
 * v1 to v2 to v3 is two upcasters. Must be deterministic and thread-safe: rebuilds run it again on the
 * same history, and several projections' threads call it at once.
 */
@FunctionalInterface
public interface Upcaster {
    /**
     * The events {@code event} becomes, in the order they are applied. A returned event of the same type
     * must have a higher version than {@code event}.
     *
     * @param event the event, with copies of its data and metadata that this method may change
     * @throws RuntimeException when the event cannot be upcast; the engine reports it as an
     *     {@link dev.readmodel.core.error.EventDecodingException} and applies the projection's failure policy
     */
    List<EventShape> upcast(EventShape event);
}
