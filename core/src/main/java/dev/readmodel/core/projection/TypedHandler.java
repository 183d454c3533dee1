package dev.readmodel.core.projection;

/**
 * Computes the new state of one typed document from its current state and one event, as records. Because the
 * engine knows the document's key before it runs the handler, it loads the keys of a whole batch at once.
 * Must be a pure function of its arguments.
 *
 * @param <R> the record type of the read model
 * @param <T> the class the event's data is decoded into
 */
@FunctionalInterface
public interface TypedHandler<R extends Record, T> {
    /**
     * Returns the document's new state.
     *
     * @param current the document now, or {@code null} when it does not exist
     * @param event the decoded event
     * @return the new state; {@code current} itself leaves the document unchanged, {@code null} deletes it
     */
    R apply(R current, T event) throws Exception;
}
