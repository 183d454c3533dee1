package dev.readmodel.core.event;

import dev.readmodel.core.error.TransientStoreException;
import java.time.Duration;

/**
 * Where projections read events from: a global, ordered log. Implementations are thread-safe.
 *
 * <p>A read never skips an event that becomes visible later at a lower position: an implementation
 * whose positions can become visible out of order (concurrent transactions) only reports positions
 * up to which every event is visible.
 */
public interface EventSource {
    /**
     * Reads up to {@code maxCount} events after {@code afterPosition} whose type {@code types} matches.
     *
     * @throws TransientStoreException when the source is unreachable for now
     */
    EventBatch read(long afterPosition, int maxCount, EventTypeMatcher types);

    /**
     * The newest readable event's position and time.
     *
     * @throws TransientStoreException when the source is unreachable for now
     */
    StreamHead head();

    /**
     * Blocks until an event after {@code afterPosition} may be readable, or until {@code timeout}
     * passes. May return early (a poll); callers read to find out.
     *
     * @throws TransientStoreException when the source is unreachable for now
     * @throws InterruptedException when the waiting thread is interrupted
     */
    void awaitEvents(long afterPosition, Duration timeout) throws InterruptedException;
}
