package dev.readmodel.core.engine;

import java.time.Duration;

/**
 * How a rebuild ended.
 *
 * @param projection the projection rebuilt
 * @param eventsApplied events replayed
 * @param checkpoint the projection's checkpoint afterwards
 * @param elapsed how long it took
 * @param cancelled whether it was cancelled: a cancelled truncate-and-replay leaves the read models
 *     partly rebuilt and the projection resumes from where it stopped; a cancelled zero-downtime
 *     rebuild drops its shadow copies and leaves the live read models as they were
 */
public record RebuildResult(String projection, long eventsApplied, long checkpoint, Duration elapsed,
        boolean cancelled) {

    /** Events per second over the whole rebuild. */
    public double eventsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : eventsApplied / seconds;
    }
}
