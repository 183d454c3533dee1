package dev.readmodel.core.error;

/**
 * A store or event source failed in a way that a retry may fix: a lost connection, a timeout, a
 * server that is restarting. The engine retries these with exponential backoff and never gives up
 * on them; the projection's status shows the error meanwhile.
 */
public final class TransientStoreException extends TransientException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; the message should name the store and the operation. */
    public TransientStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
