package dev.readmodel.core.error;

/** An operation named a projection or read model the engine does not have. The message lists the known names. */
public final class UnknownProjectionException extends PermanentException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; the message should list the names that exist. */
    public UnknownProjectionException(String message) {
        super(message);
    }
}
