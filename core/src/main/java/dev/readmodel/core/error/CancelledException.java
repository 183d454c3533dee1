package dev.readmodel.core.error;

/**
 * An operation was interrupted or its engine stopped before it finished: nothing half-done was committed,
 * and the checkpoint is where the last completed batch left it. Thrown instead of a transient failure
 * so that an interrupt is never retried; the interrupted thread's interrupt flag is set again.
 */
public final class CancelledException extends StateException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; the message names what was cancelled. */
    public CancelledException(String message) {
        super(message);
    }

    /** Creates the exception with the interrupt that cancelled the operation. */
    public CancelledException(String message, Throwable cause) {
        super(message, cause);
    }
}
