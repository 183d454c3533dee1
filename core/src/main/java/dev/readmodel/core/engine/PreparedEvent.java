package dev.readmodel.core.engine;

import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.projection.Projection;
import java.util.ArrayList;
import java.util.List;

/**
 * An event decoded for its handler ahead of applying it, possibly on another thread: the application, or
 * {@code null} when the projection has no handler for the type, or the failure to decode it, which the
 * applier treats like the handler's own failure.
 */
record PreparedEvent(EventEnvelope event, Projection.Application application, RuntimeException failure) {

    /** Decodes every event of {@code events} for {@code projection}, catching each decoding failure. */
    static List<PreparedEvent> all(Projection projection, List<EventEnvelope> events) {
        List<PreparedEvent> prepared = new ArrayList<>(events.size());
        for (EventEnvelope event : events) {
            try {
                prepared.add(new PreparedEvent(event, projection.prepare(event).orElse(null), null));
            } catch (RuntimeException e) {
                prepared.add(new PreparedEvent(event, null, e));
            }
        }
        return prepared;
    }
}
