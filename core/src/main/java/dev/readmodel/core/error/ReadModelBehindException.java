package dev.readmodel.core.error;

/**
 * A query that asked for an answer including a position ({@code Consistency.atLeast}) when the projection
 * owning the read model had not committed it within the wait. The message names the read model, the
 * projection, the position asked for and the checkpoint reached. Transient: the same query succeeds once
 * the projection catches up.
 */
public final class ReadModelBehindException extends TransientException {
    private static final long serialVersionUID = 1L;

    private final long wanted;
    private final long checkpoint;

    /** Creates the exception for a query on {@code readModel} of {@code projection}. */
    public ReadModelBehindException(String readModel, String projection, long wanted, long checkpoint,
            java.time.Duration waited) {
        super("Read model [" + readModel + "] of projection [" + projection + "] has not reached position [" + wanted
                + "] within " + waited.toMillis() + " ms: its checkpoint is [" + checkpoint + "]");
        this.wanted = wanted;
        this.checkpoint = checkpoint;
    }

    /** The position the query asked for. */
    public long wanted() {
        return wanted;
    }

    /** The projection's checkpoint when the wait ended. */
    public long checkpoint() {
        return checkpoint;
    }
}
