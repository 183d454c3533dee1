package dev.readmodel.core.error;

/**
 * An operation that must run on the engine instance holding a projection's lease (a rebuild) was asked
 * of an instance that does not hold it. Run it where the projection runs, or stop that instance first.
 */
public final class ProjectionLockedException extends StateException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; the message names the projection. */
    public ProjectionLockedException(String message) {
        super(message);
    }
}
