package dev.readmodel.core.change;

import java.util.OptionalLong;

/**
 * A listener's registration with an engine. Thread-safe.
 */
public interface Subscription extends AutoCloseable {
    /**
     * Where this subscription's notices of {@code projection} start: the position of the last notice of it
     * announced before the subscription began. Every notice of it announced after that is delivered, a gap
     * shown as {@link Overflowed}; a listener that combines notices with a query can tell what the query must
     * already include. Empty when this instance had announced nothing of it yet (the engine had not taken it
     * up): its first notice is then a {@link Resumed} or the first commit after one.
     *
     * @throws dev.readmodel.core.error.UnknownProjectionException when this subscription receives no notices of it
     */
    OptionalLong startedAfter(String projection);

    /** Notices delivered to the listener so far. */
    long delivered();

    /** Notices dropped because the listener fell behind, so far (each gap was reported as {@link Overflowed}). */
    long dropped();

    /** Stops deliveries; a notice being delivered finishes. Safe to call twice. */
    @Override
    void close();
}
