package dev.readmodel.core.projection;

import dev.readmodel.core.model.Document;

/**
 * Computes the new state of one document from its current state and one event. Because the engine
 * knows the document's key before it runs the handler, it loads the keys of a whole batch at once.
 * Must be a pure function of its arguments.
 *
 * @param <T> the class the event's data is decoded into
 */
@FunctionalInterface
public interface DocumentHandler<T> {
    /**
     * Returns the document's new state.
     *
     * @param current the document now, or {@code null} when it does not exist
     * @param event the decoded event
     * @return the new state; {@code null} or {@code current} itself leaves the document unchanged
     */
    Document apply(Document current, T event) throws Exception;
}
