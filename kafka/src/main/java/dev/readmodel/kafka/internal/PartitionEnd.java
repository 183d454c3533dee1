package dev.readmodel.kafka.internal;

import java.util.OptionalLong;

/**
 * Whether a partition's batch reaches the partition's end, so that its writes must be visible at once
 * ({@link dev.readmodel.core.spi.WriteBatch#reachesHead()}); a batch with records behind it may leave that
 * to the next one. Decided from the consumer's lag after the poll, which counts offsets, not records: on a
 * transactional topic the commit marker after a caught-up partition's last record is an offset no poll
 * returns, so a caught-up partition shows a lag of 1, and a test for 0 had never made the last batch
 * visible. A lag of 1 is taken as the end; when that offset is a record after all, one refresh too many
 * is the cost.
 */
public final class PartitionEnd {
    private PartitionEnd() {
    }

    /**
     * Whether a batch after which the consumer reports {@code lag} reaches its partition's end; an unknown
     * lag counts as the end (a refresh too many, never a batch left invisible).
     */
    public static boolean reached(OptionalLong lag) {
        return lag.isEmpty() || lag.getAsLong() <= 1;
    }
}
