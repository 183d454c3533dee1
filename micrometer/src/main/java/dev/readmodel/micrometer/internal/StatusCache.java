package dev.readmodel.micrometer.internal;

import dev.readmodel.core.status.ProjectionState;
import dev.readmodel.core.status.ProjectionStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One status snapshot of every projection, taken again when older than its largest age, so that the gauges
 * of one scrape read one snapshot instead of asking the engine once each. Each snapshot taken is also
 * compared with the one before to count the projections' transitions into {@link ProjectionState#FAULTED}.
 * Thread-safe.
 */
public final class StatusCache {
    private static final Logger LOG = LoggerFactory.getLogger(StatusCache.class);

    private final Supplier<List<ProjectionStatus>> source;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private final Map<String, ProjectionState> lastStates = new HashMap<>();
    private final Map<String, Long> faults = new HashMap<>();
    private Map<String, ProjectionStatus> snapshot;
    private long takenAt;

    /** Snapshots from {@code source}, each serving for {@code maxAge} as {@code nanoTime} tells time. */
    public StatusCache(Supplier<List<ProjectionStatus>> source, Duration maxAge, LongSupplier nanoTime) {
        this.source = source;
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * {@code figure} of {@code projection}'s status in the current snapshot; {@code NaN} when no snapshot
     * could be taken yet (a store the engine reads before it starts is down). A failed refresh keeps the
     * previous snapshot: the meters stay stale rather than vanish.
     */
    public synchronized double read(String projection, ToDoubleFunction<ProjectionStatus> figure) {
        long now = nanoTime.getAsLong();
        if (snapshot == null || now - takenAt >= maxAgeNanos) {
            refresh(now);
        }
        ProjectionStatus status = snapshot == null ? null : snapshot.get(projection);
        return status == null ? Double.NaN : figure.applyAsDouble(status);
    }

    /**
     * How many times a snapshot found {@code projection} faulted where the one before had not (the first
     * snapshot counts a projection already faulted). A fault cleared by a restart before the next snapshot
     * is not seen.
     */
    public synchronized double faults(String projection) {
        read(projection, s -> 0);
        return faults.getOrDefault(projection, 0L);
    }

    private void refresh(long now) {
        List<ProjectionStatus> statuses;
        try {
            statuses = source.get();
        } catch (RuntimeException e) {
            LOG.debug("Could not read the projections' status for metrics; keeping the previous snapshot", e);
            return;
        }
        Map<String, ProjectionStatus> next = new HashMap<>();
        for (ProjectionStatus status : statuses) {
            next.put(status.projection(), status);
            ProjectionState before = lastStates.put(status.projection(), status.state());
            if (status.state() == ProjectionState.FAULTED && before != ProjectionState.FAULTED) {
                faults.merge(status.projection(), 1L, Long::sum);
            }
        }
        snapshot = next;
        takenAt = now;
    }
}
