package dev.readmodel.micrometer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.status.ProjectionState;
import dev.readmodel.core.status.ProjectionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The snapshot cache and the dead-letter counts on a clock the test moves. */
class StatusCacheTest {
    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final AtomicReference<List<ProjectionStatus>> statuses = new AtomicReference<>(List.of(status(ProjectionState.LIVE, 5)));
    private final StatusCache cache = new StatusCache(() -> {
        reads.incrementAndGet();
        if (failure.get() != null) {
            throw failure.get();
        }
        return statuses.get();
    }, Duration.ofSeconds(1), now::get);

    @Test
    void oneSnapshotServesEveryReadWithinItsAge() {
        assertThat(cache.read("p", ProjectionStatus::checkpoint)).isEqualTo(5);
        statuses.set(List.of(status(ProjectionState.LIVE, 9)));
        now.addAndGet(Duration.ofMillis(999).toNanos());
        assertThat(cache.read("p", ProjectionStatus::checkpoint)).isEqualTo(5);
        assertThat(cache.read("p", ProjectionStatus::lagEvents)).isEqualTo(1);
        assertThat(reads).hasValue(1);
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(cache.read("p", ProjectionStatus::checkpoint)).isEqualTo(9);
        assertThat(reads).hasValue(2);
        assertThat(cache.read("unknown", ProjectionStatus::checkpoint)).isNaN();
    }

    @Test
    void aFailedRefreshKeepsThePreviousSnapshotAndNoneIsNaN() {
        failure.set(new IllegalStateException("store down"));
        assertThat(cache.read("p", ProjectionStatus::checkpoint)).isNaN();
        failure.set(null);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(cache.read("p", ProjectionStatus::checkpoint)).isEqualTo(5);
        failure.set(new IllegalStateException("store down"));
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(cache.read("p", ProjectionStatus::checkpoint)).isEqualTo(5);
    }

    @Test
    void faultsCountTransitionsIntoFaultedOnly() {
        assertThat(cache.faults("p")).isZero();
        for (ProjectionState state : List.of(ProjectionState.FAULTED, ProjectionState.FAULTED, ProjectionState.LIVE,
                ProjectionState.FAULTED, ProjectionState.PAUSED)) {
            statuses.set(List.of(status(state, 5)));
            now.addAndGet(Duration.ofSeconds(1).toNanos());
            cache.read("p", ProjectionStatus::checkpoint);
        }
        assertThat(cache.faults("p")).isEqualTo(2);
        assertThat(cache.faults("other")).isZero();
    }

    @Test
    void deadLettersAreCountedAtMostOncePerAge() {
        AtomicInteger counted = new AtomicInteger();
        DeadLetterCounts counts = new DeadLetterCounts(p -> counted.incrementAndGet() * 10, Duration.ofSeconds(5), now::get);
        assertThat(counts.count("p")).isEqualTo(10);
        now.addAndGet(Duration.ofSeconds(4).toNanos());
        assertThat(counts.count("p")).isEqualTo(10);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(counts.count("p")).isEqualTo(20);
        DeadLetterCounts failing = new DeadLetterCounts(p -> {
            throw new IllegalStateException("down");
        }, Duration.ofSeconds(5), now::get);
        assertThat(failing.count("p")).isNaN();
    }

    private static ProjectionStatus status(ProjectionState state, long checkpoint) {
        return new ProjectionStatus("p", ProjectionMode.PERSISTENT, state, checkpoint, 6, 6 - checkpoint,
                Duration.ZERO, 0, checkpoint, 0, Optional.empty(), Instant.EPOCH);
    }
}
