package dev.readmodel.core.change;

/**
 * A listener's registration with an engine. Thread-safe.
 */
public interface Subscription extends AutoCloseable {
    /** Notices delivered to the listener so far. */
    long delivered();

    /** Notices dropped because the listener fell behind, so far (each gap was reported as {@link Overflowed}). */
    long dropped();

    /** Stops deliveries; a notice being delivered finishes. Safe to call twice. */
    @Override
    void close();
}
