package dev.readmodel.examples.history;

import dev.readmodel.core.event.NewEvent;

/**
 * One generated event and the stream it belongs to.
 *
 * @param stream the aggregate's stream id
 * @param event the event
 */
public record GeneratedEvent(String stream, NewEvent event) {
}
