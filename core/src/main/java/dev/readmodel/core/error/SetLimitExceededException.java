package dev.readmodel.core.error;

/**
 * A set-based write ({@code ProjectionContext.updateAll} or {@code deleteAll}) matched more documents than
 * its limit allows. The message names the projection, the event position, the read model, the filters
 * and the limit. Nothing of the event was written; the projection's failure policy decides what happens
 * next (retrying the same event meets the same documents, so it fails again unless the read model changed).
 */
public final class SetLimitExceededException extends PermanentException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that names the write and its limit. */
    public SetLimitExceededException(String message) {
        super(message);
    }
}
