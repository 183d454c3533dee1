package dev.readmodel.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.error.TransientStoreException;
import dev.readmodel.core.event.StreamHead;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.status.ProjectionState;
import dev.readmodel.core.status.ProjectionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RunnerStatusTest {
    private final ProgressSignal signal = new ProgressSignal();
    private final RunnerStatus status = new RunnerStatus("orders", ProjectionMode.PERSISTENT, signal);

    @Test
    void aCommitAfterAnOutageClearsTheOutageInTheSameSnapshot() {
        status.head(new StreamHead(10, Instant.EPOCH));
        status.failed(1, null, new TransientStoreException("store [test] unreachable", null), true);
        ProjectionStatus during = status.snapshot();
        assertThat(during.retries()).isEqualTo(1);
        assertThat(during.lastError().orElseThrow().message()).contains("unreachable");

        status.committed(4, 3, null);
        ProjectionStatus after = status.snapshot();
        assertThat(after.checkpoint()).isEqualTo(4);
        assertThat(after.eventsApplied()).isEqualTo(3);
        assertThat(after.retries()).isZero();
        assertThat(after.lastError()).isEmpty();
        assertThat(after.lagEvents()).isEqualTo(6);
    }

    @Test
    void aFaultKeepsShowingAfterTheRunnerStops() {
        status.faulted(5, "order.created", new IllegalArgumentException("bad total [x]"));
        status.stopped();
        assertThat(status.snapshot().state()).isEqualTo(ProjectionState.FAULTED);
        status.clearFault();
        status.state(ProjectionState.LIVE);
        status.stopped();
        assertThat(status.snapshot().state()).isEqualTo(ProjectionState.STOPPED);
    }

    @Test
    void aCommitWakesWhoeverWaitsForIt() throws Exception {
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return signal.await(() -> status.checkpoint() >= 7, Duration.ofMinutes(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        status.committed(7, 1, null);
        assertThat(waiter.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aWaitWhoseConditionNeverHoldsEndsAtItsTimeout() throws Exception {
        assertThat(signal.await(() -> status.checkpoint() >= 7, Duration.ofMillis(20))).isFalse();
    }

    @Test
    void aClearedMarkerIsNotBroughtBackByALateShadowPosition() {
        status.marker(new RebuildMarkers.Stored(RebuildMarkers.Phase.ZERO_DOWNTIME, 100), 0, true);
        status.shadowPosition(40);
        assertThat(status.snapshot().rebuild().orElseThrow().position()).isEqualTo(40);
        long changes = status.markerChanges();
        status.marker(null, 0, false);
        status.shadowPosition(60);
        assertThat(status.snapshot().rebuild()).isEmpty();
        assertThat(status.markerChanges()).isEqualTo(changes + 1);
    }
}
