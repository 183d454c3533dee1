package dev.readmodel.core.spi;

import dev.readmodel.core.status.DeadLetter;
import java.util.List;

/**
 * Keeps events that projections parked under {@link dev.readmodel.core.projection.FailurePolicy#deadLetter(int)}.
 * Thread-safe.
 */
public interface DeadLetterStore {
    /** Parks {@code letter}, replacing one parked for the same projection and position. */
    void park(DeadLetter letter);

    /** The letters parked for {@code projection}, in position order. */
    List<DeadLetter> list(String projection);

    /** Removes the letter of {@code projection} at {@code position}; nothing happens when there is none. */
    void remove(String projection, long position);
}
