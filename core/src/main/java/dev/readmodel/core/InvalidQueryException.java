package dev.readmodel.core;

/**
 * A query named a field the read model does not declare, an unknown operator, a value that does not
 * fit the field's type, or a limit or offset out of bounds. The message says which and lists what
 * is allowed. Nothing was sent to the store.
 */
public final class InvalidQueryException extends ReadModelException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that names the bad part of the query. */
    public InvalidQueryException(String message) {
        super(message);
    }
}
