package dev.readmodel.core.engine;

import java.time.Duration;
import java.util.Optional;

/**
 * How far a rebuild has come, reported after each batch.
 *
 * @param projection the projection being rebuilt
 * @param position the global position replayed up to
 * @param head the event source's head position: the rebuild is done when {@code position} reaches it
 * @param eventsApplied events applied so far
 * @param eventsPerSecond recent rate
 * @param eta estimated time to reach the head at the recent rate; empty while the rate is unknown
 */
public record RebuildProgress(String projection, long position, long head, long eventsApplied,
        double eventsPerSecond, Optional<Duration> eta) {

    /** Fraction done, from 0 to 1. */
    public double fraction() {
        return head == 0 ? 1.0 : Math.min(1.0, (double) position / head);
    }
}
