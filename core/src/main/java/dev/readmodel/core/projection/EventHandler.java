package dev.readmodel.core.projection;

/**
 * Applies one decoded event to read models through the context. Must be deterministic and write only
 * through {@code context}: the engine may run it again after a failure or a crash.
 *
 * @param <T> the class the event's data is decoded into
 */
@FunctionalInterface
public interface EventHandler<T> {
    /** Applies {@code event}; any exception fails the event and goes to the projection's failure policy. */
    void handle(T event, ProjectionContext context) throws Exception;
}
