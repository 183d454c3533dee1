package dev.readmodel.core.error;

/**
 * An operation that does not fit the current state of the engine or of a projection: the engine is not
 * started or is closed, the projection is already being rebuilt. Nothing was changed; the same call may
 * succeed once the state has changed (the rebuild finished), but retrying at once will not help.
 * {@link ProjectionLockedException} and {@link CancelledException} are the two special cases.
 */
public sealed class StateException extends ReadModelException permits ProjectionLockedException, CancelledException,
        CheckpointMovedException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; the message names the engine or projection and its state. */
    public StateException(String message) {
        super(message);
    }

    /** Creates the exception with the failure that revealed the state. */
    public StateException(String message, Throwable cause) {
        super(message, cause);
    }
}
