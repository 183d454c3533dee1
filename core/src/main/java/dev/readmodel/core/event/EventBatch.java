package dev.readmodel.core.event;

import java.util.List;

/**
 * One read from an {@link EventSource}.
 *
 * @param events the matching events, in position order
 * @param readUpTo the highest position the read covered, matching or not: the reader may resume after
 *     it without missing an event. At least the last event's position; {@code afterPosition} when
 *     nothing new was readable.
 */
public record EventBatch(List<EventEnvelope> events, long readUpTo) {
    /** Copies the list and checks that {@code readUpTo} covers the events. */
    public EventBatch {
        events = List.copyOf(events);
        if (!events.isEmpty() && events.get(events.size() - 1).position() > readUpTo) {
            throw new IllegalArgumentException("readUpTo [" + readUpTo + "] is before the last event's position ["
                    + events.get(events.size() - 1).position() + "]");
        }
    }
}
