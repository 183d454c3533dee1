package dev.readmodel.core.health;

import dev.readmodel.core.status.ProjectionStatus;
import dev.readmodel.core.status.RebuildMarker;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Remembers, per projection, when a check last saw it make progress: its checkpoint (or a rebuild's
 * position) change, or no event waiting. Thread-safe: each projection's entry changes atomically, so checks
 * from many threads agree; a check that arrives with an older snapshot can only restart the clock, never
 * make a projection look stalled sooner.
 */
final class ProgressMemory {
    /**
     * What was seen last, and since when it has stayed the same with events waiting; {@code counting} is
     * {@code false} while the projection was not expected to move, so that the first check after it is
     * expected to again starts the clock.
     */
    private record Seen(long checkpoint, long rebuildPosition, Instant since, boolean counting) {
    }

    private final ConcurrentMap<String, Seen> seen = new ConcurrentHashMap<>();

    /**
     * How long {@code status} has shown no progress with events waiting, as of {@code now}; zero when it
     * moved since the last check, has nothing waiting, or is seen for the first time.
     */
    Duration unmoved(ProjectionStatus status, Instant now) {
        return record(status, now, false);
    }

    /**
     * Starts the clock of {@code status} again: it is not expected to move now (paused, in standby,
     * retrying an outage), and the time it spends so must not count once it is expected to.
     */
    void restart(ProjectionStatus status, Instant now) {
        record(status, now, true);
    }

    private Duration record(ProjectionStatus status, Instant now, boolean restart) {
        long rebuild = status.rebuild().map(RebuildMarker::position).orElse(-1L);
        Seen entry = seen.compute(status.projection(), (name, before) -> restart || before == null
                || !before.counting() || status.lagEvents() == 0 || before.checkpoint() != status.checkpoint()
                || before.rebuildPosition() != rebuild
                ? new Seen(status.checkpoint(), rebuild, now, !restart) : before);
        Duration unmoved = Duration.between(entry.since(), now);
        return unmoved.isNegative() ? Duration.ZERO : unmoved;
    }
}
