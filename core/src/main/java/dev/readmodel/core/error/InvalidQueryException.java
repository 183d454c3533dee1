package dev.readmodel.core.error;

/**
 * A query named a field the read model does not declare, an unknown operator, a value that does not
 * fit the field's type or the bounds every store holds (see {@code Query}), a metric alias that is not
 * an identifier, search text without words, or a limit or offset out of bounds. The message names the
 * field, the value (shortened) and the rule. Nothing was sent to the store; every store refuses the same
 * query with the same message. Never transient: asking again gives the same answer.
 */
public final class InvalidQueryException extends PermanentException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that names the bad part of the query. */
    public InvalidQueryException(String message) {
        super(message);
    }
}
