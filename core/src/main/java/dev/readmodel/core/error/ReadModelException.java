package dev.readmodel.core.error;

/**
 * Root of every exception readmodel throws. It is unchecked and closed: every failure is
 * {@link TransientException transient} (retrying the same operation may succeed: a store briefly
 * unreachable, a read model being rebuilt), {@link PermanentException permanent} (it will not: bad
 * input, a handler bug, a schema mismatch, a concurrency conflict) or a {@link StateException} (the
 * operation does not fit what the engine or projection is doing now: closed, already rebuilding, owned
 * by another instance, cancelled). Messages name the projection, the event position and the setting
 * where there is one; the driver's exception is kept as the cause.
 */
public abstract sealed class ReadModelException extends RuntimeException
        permits TransientException, PermanentException, StateException {
    private static final long serialVersionUID = 1L;

    ReadModelException(String message) {
        super(message);
    }

    ReadModelException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether retrying the failed operation unchanged may succeed: {@code true} exactly for {@link TransientException}s. */
    public final boolean isTransient() {
        return this instanceof TransientException;
    }
}
