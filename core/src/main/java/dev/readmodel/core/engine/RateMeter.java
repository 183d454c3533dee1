package dev.readmodel.core.engine;

import java.util.ArrayDeque;

/** Events per second over the last ten seconds. Thread-safe. */
final class RateMeter {
    private static final long WINDOW_NANOS = 10_000_000_000L;

    private record Sample(long at, long count) {
    }

    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private long inWindow;

    synchronized void record(long count, long now) {
        samples.addLast(new Sample(now, count));
        inWindow += count;
        trim(now);
    }

    synchronized double perSecond(long now) {
        trim(now);
        if (samples.isEmpty()) {
            return 0;
        }
        long span = Math.max(now - samples.peekFirst().at(), 1_000_000_000L);
        return inWindow * 1e9 / span;
    }

    private void trim(long now) {
        while (!samples.isEmpty() && now - samples.peekFirst().at() > WINDOW_NANOS) {
            inWindow -= samples.removeFirst().count();
        }
    }
}
