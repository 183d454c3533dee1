package dev.readmodel.core.change;

/**
 * This listener fell further behind than its buffer holds, and notices were dropped rather than slow
 * the projections down: what it derived from earlier notices may be stale, and it must query again.
 * Delivered in place of the dropped notices, before any later one.
 *
 * @param dropped how many notices were dropped
 * @param position the position of the last one dropped
 */
public record Overflowed(long dropped, long position) implements CommitNotice {
}
