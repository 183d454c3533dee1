package dev.readmodel.core.engine;

import dev.readmodel.core.event.EventBatch;
import dev.readmodel.core.event.EventSource;
import dev.readmodel.core.event.EventTypeMatcher;
import dev.readmodel.core.event.StreamHead;
import dev.readmodel.core.upcast.Upcasters;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's event source when upcasters are registered: every mode reads through it, so that a read
 * for a projection's types also fetches the stored types that upcast into them (a renamed type's old
 * name, a split event), even when the store filters types in its query. The events come back as stored;
 * {@link PreparedEvent} upcasts them before decoding, where a failure meets the projection's failure
 * policy. Thread-safe.
 */
final class UpcastingSource implements EventSource {
    private final EventSource delegate;
    private final Upcasters upcasters;
    private final Map<EventTypeMatcher, EventTypeMatcher> readTypes = new ConcurrentHashMap<>();

    private UpcastingSource(EventSource delegate, Upcasters upcasters) {
        this.delegate = delegate;
        this.upcasters = upcasters;
    }

    /** {@code source} itself when there is nothing to upcast. */
    static EventSource of(EventSource source, Upcasters upcasters) {
        return upcasters.isEmpty() ? source : new UpcastingSource(source, upcasters);
    }

    /** The upcasters the engine reads {@code source} with; none for a plain source. */
    static Upcasters upcasters(EventSource source) {
        return source instanceof UpcastingSource upcasting ? upcasting.upcasters : Upcasters.none();
    }

    /** The store underneath, for appends. */
    static EventSource unwrap(EventSource source) {
        return source instanceof UpcastingSource upcasting ? upcasting.delegate : source;
    }

    /** The types to take from an append's own events for a projection that handles {@code handled}. */
    static EventTypeMatcher readTypes(EventSource source, EventTypeMatcher handled) {
        return source instanceof UpcastingSource upcasting ? upcasting.widen(handled) : handled;
    }

    private EventTypeMatcher widen(EventTypeMatcher handled) {
        return readTypes.computeIfAbsent(handled, upcasters::readTypes);
    }

    @Override
    public EventBatch read(long afterPosition, int maxCount, EventTypeMatcher types) {
        return delegate.read(afterPosition, maxCount, widen(types));
    }

    @Override
    public StreamHead head() {
        return delegate.head();
    }

    @Override
    public void awaitEvents(long afterPosition, Duration timeout) throws InterruptedException {
        delegate.awaitEvents(afterPosition, timeout);
    }
}
