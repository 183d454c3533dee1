package dev.readmodel.core.engine;

import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.projection.ProjectionContext;
import dev.readmodel.core.upcast.Upcasters;
import java.util.ArrayList;
import java.util.List;

/**
 * An event decoded for its handler ahead of applying it, possibly on another thread: the application, or
 * {@code null} when the projection has no handler for the type, or the failure to decode it, which the
 * applier treats like the handler's own failure.
 *
 * <p>{@code event} is the event as stored. It is upcast before decoding, and what it becomes (one event,
 * several parts of a split, or none) is applied as one: the parts share its position, so a batch is never
 * cut between them, a failure parks or faults the stored event, and its checkpoint covers them all.
 */
record PreparedEvent(EventEnvelope event, Projection.Application application, RuntimeException failure) {

    /** Decodes every event of {@code events} for {@code projection}, catching each decoding failure. */
    static List<PreparedEvent> all(Projection projection, List<EventEnvelope> events) {
        return all(projection, Upcasters.none(), events);
    }

    /** Upcasts, then decodes, every event of {@code events}, catching each upcasting or decoding failure. */
    static List<PreparedEvent> all(Projection projection, Upcasters upcasters, List<EventEnvelope> events) {
        List<PreparedEvent> prepared = new ArrayList<>(events.size());
        for (EventEnvelope event : events) {
            try {
                prepared.add(new PreparedEvent(event, prepare(projection, upcasters.upcast(event)), null));
            } catch (RuntimeException e) {
                prepared.add(new PreparedEvent(event, null, e));
            }
        }
        return prepared;
    }

    private static Projection.Application prepare(Projection projection, List<EventEnvelope> parts) {
        if (parts.size() == 1) {
            return projection.prepare(parts.get(0)).orElse(null);
        }
        List<Projection.Application> handled = new ArrayList<>(parts.size());
        for (EventEnvelope part : parts) {
            projection.prepare(part).ifPresent(handled::add);
        }
        return handled.isEmpty() ? null : handled.size() == 1 ? handled.get(0) : new Parts(handled);
    }

    /** The handled parts of a split event, applied in order, each seen as the context's current event. */
    private record Parts(List<Projection.Application> parts) implements Projection.Application {
        @Override
        public EventEnvelope event() {
            return parts.get(0).event();
        }

        @Override
        public List<Projection.DocumentKey> keys() {
            List<Projection.DocumentKey> keys = new ArrayList<>();
            parts.forEach(part -> keys.addAll(part.keys()));
            return keys;
        }

        @Override
        public void applyTo(ProjectionContext context) throws Exception {
            for (Projection.Application part : parts) {
                if (context instanceof UnitOfWork work) {
                    work.begin(part.event());
                }
                part.applyTo(context);
            }
        }
    }
}
