package dev.readmodel.core.error;

/**
 * A store rejected an operation for a reason a retry will not fix: a schema mismatch, a constraint
 * violation, a permission error. The message names the store, the operation and, where there is
 * one, the projection and position.
 */
public final class StoreException extends PermanentException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that names what failed. */
    public StoreException(String message) {
        super(message);
    }

    /** Creates the exception with a message that names what failed and the driver's cause. */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
