package dev.readmodel.core.event;

import java.util.List;
import java.util.Objects;

/**
 * One stream's part of a multi-stream append.
 *
 * @param streamId the stream
 * @param expected what the stream's version must be
 * @param events the events to append, in order
 */
public record StreamAppend(String streamId, ExpectedVersion expected, List<NewEvent> events) {
    /** Copies the events and rejects nulls. */
    public StreamAppend {
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(expected, "expected");
        events = List.copyOf(events);
    }
}
