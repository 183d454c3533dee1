package dev.readmodel.core.engine;

import dev.readmodel.core.spi.DeadLetterStore;
import dev.readmodel.core.status.DeadLetter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The events projections parked under the dead-letter policy: lists them, and applies them again after
 * a fix, under the runner's lock so that no batch runs meanwhile. Thread-safe.
 */
final class DeadLetterReplay {
    private final Runners runners;
    private final DeadLetterStore deadLetters;

    DeadLetterReplay(Runners runners, DeadLetterStore deadLetters) {
        this.runners = runners;
        this.deadLetters = deadLetters;
    }

    /** @throws dev.readmodel.core.error.UnknownProjectionException when there is no such projection */
    List<DeadLetter> list(String projection) {
        runners.runner(projection);
        return deadLetters.list(projection);
    }

    /**
     * Applies every parked event of {@code projection} again, in position order: each that succeeds is
     * applied once and removed; each that fails stays parked with its new error.
     *
     * @throws dev.readmodel.core.error.ProjectionLockedException when another instance holds the lease
     */
    ReplayResult replay(String projection) {
        ProjectionRunner runner = runners.runner(projection);
        return runner.exclusively(live -> {
            runner.requireLease();
            int replayed = 0;
            List<DeadLetter> failing = new ArrayList<>();
            for (DeadLetter letter : deadLetters.list(projection)) {
                Optional<Exception> failure = live.applier().replayParked(letter.event(), live.writer(), live.cache());
                if (failure.isEmpty()) {
                    deadLetters.remove(projection, letter.event().position());
                    replayed++;
                } else {
                    DeadLetter again = new DeadLetter(projection, letter.event(), RunnerStatus.describe(failure.get()),
                            letter.attempts() + 1, Instant.now());
                    deadLetters.park(again);
                    failing.add(again);
                }
            }
            return new ReplayResult(replayed, failing);
        });
    }
}
