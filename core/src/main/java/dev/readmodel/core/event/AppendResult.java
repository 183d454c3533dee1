package dev.readmodel.core.event;

import java.util.List;

/**
 * What an append wrote.
 *
 * @param streamId the stream appended to
 * @param streamVersion the stream's version after the append; pass it as the next expected version
 * @param events the stored events, with their positions, in append order
 */
public record AppendResult(String streamId, long streamVersion, List<EventEnvelope> events) {
    /** Copies the event list. */
    public AppendResult {
        events = List.copyOf(events);
    }

    /** Global position of the last event written, or {@code 0} when the append was empty. */
    public long lastPosition() {
        return events.isEmpty() ? 0 : events.get(events.size() - 1).position();
    }
}
