package dev.readmodel.core.engine;

import dev.readmodel.core.status.DeadLetter;
import java.util.List;

/**
 * What replaying a projection's parked events did.
 *
 * @param replayed how many parked events were applied and removed from the dead-letter store
 * @param stillFailing the letters whose handler failed again; they stay parked with the new error
 */
public record ReplayResult(int replayed, List<DeadLetter> stillFailing) {
    /** Copies the list. */
    public ReplayResult {
        stillFailing = List.copyOf(stillFailing);
    }
}
