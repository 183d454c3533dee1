package dev.readmodel.core;

/**
 * Root of every exception readmodel throws. It is unchecked; {@link #isTransient()} tells whether
 * retrying the same operation may succeed (a store that is briefly unreachable) or not (bad input,
 * a handler bug, a concurrency conflict).
 */
public class ReadModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message that names what failed. */
    public ReadModelException(String message) {
        super(message);
    }

    /** Creates an exception with a message that names what failed and the underlying cause. */
    public ReadModelException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether retrying the failed operation unchanged may succeed. {@code false} unless overridden. */
    public boolean isTransient() {
        return false;
    }
}
