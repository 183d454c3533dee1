package dev.readmodel.core.error;

/**
 * A conditional commit ({@link dev.readmodel.core.spi.DocumentWriter#commitIfCheckpoint}) found the
 * checkpoint moved by another writer since this one read it: nothing was written. The writer no longer
 * owns what it was working on (another instance took it over, or a rebuild reset it) and must read the
 * checkpoint again before it writes.
 */
public final class CheckpointMovedException extends StateException {
    private static final long serialVersionUID = 1L;

    private final String checkpoint;
    private final long expected;
    private final long found;
    private final boolean documentsWritten;

    /**
     * Creates the exception for checkpoint {@code checkpoint} expected at {@code expected} but found at
     * {@code found}, the batch not written.
     */
    public CheckpointMovedException(String checkpoint, long expected, long found) {
        this(checkpoint, expected, found, false);
    }

    /**
     * Creates the exception for checkpoint {@code checkpoint} expected at {@code expected} but found at
     * {@code found}; {@code documentsWritten} when the batch's documents were written before the checkpoint's
     * conditional write was refused (a store without transactions, {@link
     * dev.readmodel.core.spi.ConditionalCommit#CONDITIONAL_CHECKPOINT}).
     */
    public CheckpointMovedException(String checkpoint, long expected, long found, boolean documentsWritten) {
        super("Checkpoint [" + checkpoint + "] moved to [" + found + "] while this writer expected it at ["
                + expected + "]: another writer committed from it; " + (documentsWritten
                        ? "this batch's checkpoint was not written, its documents were (versioned by position, they "
                                + "replace no newer state)"
                        : "this batch was not written"));
        this.checkpoint = checkpoint;
        this.expected = expected;
        this.found = found;
        this.documentsWritten = documentsWritten;
    }

    /** The name of the checkpoint, such as the projection's. */
    public String checkpoint() {
        return checkpoint;
    }

    /** The checkpoint the writer expected. */
    public long expected() {
        return expected;
    }

    /** The checkpoint found stored. */
    public long found() {
        return found;
    }

    /** Whether the batch's documents were written although its checkpoint was refused. */
    public boolean documentsWritten() {
        return documentsWritten;
    }
}
