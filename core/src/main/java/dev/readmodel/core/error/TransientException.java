package dev.readmodel.core.error;

/**
 * A failure that a retry of the same operation may fix. The engine retries these with exponential
 * backoff and never gives up on them; callers of queries may retry after a pause.
 */
public abstract sealed class TransientException extends ReadModelException
        permits TransientStoreException, ReadModelRebuildingException, ReadModelBehindException {
    private static final long serialVersionUID = 1L;

    TransientException(String message) {
        super(message);
    }

    TransientException(String message, Throwable cause) {
        super(message, cause);
    }
}
