package dev.readmodel.core.engine;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter: attempt n waits between half and all of min(initial * 2^(n-1), max). */
final class Backoff {
    private final Duration initial;
    private final Duration max;

    Backoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    Duration delay(int attempt) {
        long base = initial.toMillis();
        long capped = max.toMillis();
        long delay = attempt >= 31 ? capped : Math.min(capped, base * (1L << Math.max(0, attempt - 1)));
        long half = delay / 2;
        return Duration.ofMillis(half + (half == 0 ? 0 : ThreadLocalRandom.current().nextLong(half + 1)));
    }
}
