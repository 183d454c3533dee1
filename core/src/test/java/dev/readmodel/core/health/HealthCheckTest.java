package dev.readmodel.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.health.ProjectionHealth.Faulted;
import dev.readmodel.core.health.ProjectionHealth.Lagging;
import dev.readmodel.core.health.ProjectionHealth.Reason;
import dev.readmodel.core.health.ProjectionHealth.Stalled;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.status.ProjectionError;
import dev.readmodel.core.status.ProjectionState;
import dev.readmodel.core.status.ProjectionStatus;
import dev.readmodel.core.status.RebuildMarker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every transition of a projection's health, on status snapshots and a clock the test moves. */
class HealthCheckTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final HealthConfig CONFIG = HealthConfig.DEFAULT.withStallAfter(Duration.ofSeconds(30))
            .withHeartbeatTimeout(Duration.ofSeconds(60));

    /** A clock the test sets. */
    private static final class TestClock extends Clock {
        private volatile Instant now = T0;

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final TestClock clock = new TestClock();
    private volatile List<ProjectionStatus> statuses = List.of();

    private HealthCheck check(HealthConfig config) {
        return new HealthCheck(() -> statuses, config, clock);
    }

    /** A status beating now, of {@code state}, at {@code checkpoint} with the head at {@code head}. */
    private ProjectionStatus status(String name, ProjectionState state, long checkpoint, long head) {
        return status(name, state, checkpoint, head, Duration.ZERO, clock.instant(), Optional.empty(), 0);
    }

    private static ProjectionStatus status(String name, ProjectionState state, long checkpoint, long head, Duration lag,
            Instant heartbeat, Optional<ProjectionError> error, int retries) {
        return new ProjectionStatus(name, ProjectionMode.PERSISTENT, state, checkpoint, head, head - checkpoint, lag, 0,
                checkpoint, retries, error, heartbeat);
    }

    private ProjectionHealth only(HealthCheck check) {
        Health health = check.check();
        assertThat(health.projections()).hasSize(1);
        return health.projections().get(0);
    }

    @Test
    void aProjectionAtTheHeadOrCatchingUpWithinTheBoundsIsUp() {
        HealthCheck check = check(CONFIG.withMaxLag(100));
        statuses = List.of(status("orders", ProjectionState.LIVE, 500, 500));
        assertThat(only(check)).isEqualTo(new ProjectionHealth.Up("orders", 500, 0, Duration.ZERO));
        statuses = List.of(status("orders", ProjectionState.CATCHING_UP, 450, 550));
        Health health = check.check();
        assertThat(health.live()).isTrue();
        assertThat(health.ready()).isTrue();
        assertThat(health.checkedAt()).isEqualTo(T0);
        assertThat(health.projection("orders")).contains(new ProjectionHealth.Up("orders", 450, 100, Duration.ZERO));
    }

    @Test
    void beyondTheEventBoundItIsLaggingAndReadyAgainWhenItCatchesUp() {
        HealthCheck check = check(CONFIG.withMaxLag(100));
        statuses = List.of(status("orders", ProjectionState.CATCHING_UP, 10, 111));
        Health health = check.check();
        assertThat(health.projections().get(0)).isEqualTo(new Lagging("orders", 10, 101, Duration.ZERO, "maxLag [100] events"));
        assertThat(health.ready()).isFalse();
        assertThat(health.live()).isTrue();
        statuses = List.of(status("orders", ProjectionState.CATCHING_UP, 11, 111));
        assertThat(only(check).name()).isEqualTo("UP");
        assertThat(check.check().ready()).isTrue();
    }

    @Test
    void beyondTheTimeBoundItIsLagging() {
        HealthCheck check = check(CONFIG.withMaxLagTime(Duration.ofMinutes(5)));
        statuses = List.of(status("orders", ProjectionState.CATCHING_UP, 10, 20, Duration.ofMinutes(6), clock.instant(),
                Optional.empty(), 0));
        ProjectionHealth lagging = only(check);
        assertThat(lagging).isInstanceOf(Lagging.class);
        assertThat(((Lagging) lagging).bound()).isEqualTo("maxLagTime [PT5M]");
        statuses = List.of(status("orders", ProjectionState.CATCHING_UP, 19, 20, Duration.ofMinutes(5), clock.instant(),
                Optional.empty(), 0));
        assertThat(only(check).ready()).isTrue();
    }

    @Test
    void withoutBoundsLagNeverMakesItUnready() {
        HealthCheck check = check(CONFIG);
        statuses = List.of(status("orders", ProjectionState.CATCHING_UP, 0, 1_000_000, Duration.ofDays(300),
                clock.instant(), Optional.empty(), 0));
        assertThat(only(check).name()).isEqualTo("UP");
    }

    @Test
    void aCheckpointThatStaysPutWhileEventsWaitIsStalledAfterStallAfterAndUpWhenItMoves() {
        HealthCheck check = check(CONFIG);
        statuses = List.of(status("orders", ProjectionState.LIVE, 40, 50));
        assertThat(only(check).name()).isEqualTo("UP"); // the first sight starts the clock
        clock.advance(Duration.ofSeconds(29));
        statuses = List.of(status("orders", ProjectionState.LIVE, 40, 50)); // still beating
        assertThat(only(check).name()).isEqualTo("UP");
        clock.advance(Duration.ofSeconds(1));
        statuses = List.of(status("orders", ProjectionState.LIVE, 40, 50));
        Health stalled = check.check();
        assertThat(stalled.projections().get(0))
                .isEqualTo(new Stalled("orders", 40, 10, Duration.ofSeconds(30), Reason.NO_PROGRESS));
        assertThat(stalled.live()).isFalse();
        assertThat(stalled.ready()).isFalse();
        statuses = List.of(status("orders", ProjectionState.LIVE, 41, 50));
        Health moved = check.check();
        assertThat(moved.live()).isTrue();
        assertThat(moved.ready()).isTrue();
        clock.advance(Duration.ofSeconds(29));
        statuses = List.of(status("orders", ProjectionState.LIVE, 41, 50));
        assertThat(only(check).name()).as("the clock restarted when it moved").isEqualTo("UP");
    }

    @Test
    void aCheckpointThatStaysPutWithNothingWaitingIsNotStalled() {
        HealthCheck check = check(CONFIG);
        for (int i = 0; i < 5; i++) {
            statuses = List.of(status("orders", ProjectionState.LIVE, 50, 50));
            assertThat(only(check).name()).isEqualTo("UP");
            clock.advance(Duration.ofSeconds(20));
        }
        statuses = List.of(status("orders", ProjectionState.LIVE, 50, 51)); // an event arrives: its wait starts now
        assertThat(only(check).name()).isEqualTo("UP");
    }

    @Test
    void aHeartbeatThatStopsIsStalledNamingForHowLong() {
        HealthCheck check = check(CONFIG);
        Instant beat = clock.instant();
        clock.advance(Duration.ofSeconds(59));
        statuses = List.of(status("orders", ProjectionState.LIVE, 50, 50, Duration.ZERO, beat, Optional.empty(), 0));
        assertThat(only(check).name()).isEqualTo("UP");
        clock.advance(Duration.ofSeconds(2));
        assertThat(only(check)).isEqualTo(new Stalled("orders", 50, 0, Duration.ofSeconds(61), Reason.HEARTBEAT));
        statuses = List.of(status("orders", ProjectionState.LIVE, 50, 50));
        assertThat(check.check().live()).isTrue();
    }

    @Test
    void anInlineProjectionHasNoHeartbeatToMiss() {
        HealthCheck check = check(CONFIG);
        statuses = List.of(new ProjectionStatus("inline", ProjectionMode.INLINE, ProjectionState.LIVE, 5, 5, 0,
                Duration.ZERO, 0, 5, 0, Optional.empty(), T0.minus(Duration.ofHours(1))));
        assertThat(only(check).name()).isEqualTo("UP");
    }

    @Test
    void aFaultedProjectionNamesPositionAndCauseIsLiveButNotReadyAndUpAfterARestart() {
        HealthCheck check = check(CONFIG);
        ProjectionError error = new ProjectionError(42, "order.placed", "IllegalStateException: bad total", false, T0);
        // a runner that died shows a fault and no heartbeat: the fault, not a stall, is what it is
        statuses = List.of(status("orders", ProjectionState.FAULTED, 41, 50, Duration.ZERO, T0.minus(Duration.ofHours(1)),
                Optional.of(error), 0));
        Health health = check.check();
        assertThat(health.projections().get(0)).isEqualTo(new Faulted("orders", 41, error));
        assertThat(health.live()).isTrue();
        assertThat(health.ready()).isFalse();
        clock.advance(Duration.ofMinutes(5));
        statuses = List.of(status("orders", ProjectionState.CATCHING_UP, 41, 50)); // restarted
        assertThat(only(check).name()).as("the time faulted does not count as a stall").isEqualTo("UP");
    }

    @Test
    void aRetriedOutageIsLiveButNotReadyAndItsTimeDoesNotCountAsAStall() {
        HealthCheck check = check(CONFIG);
        ProjectionError outage = new ProjectionError(51, null, "TransientStoreException: connection refused", true, T0);
        statuses = List.of(status("orders", ProjectionState.LIVE, 50, 60, Duration.ZERO, clock.instant(), Optional.of(outage), 3));
        assertThat(only(check)).isEqualTo(new ProjectionHealth.Retrying("orders", 50, 3, outage));
        assertThat(check.check().live()).isTrue();
        clock.advance(Duration.ofMinutes(2));
        statuses = List.of(status("orders", ProjectionState.LIVE, 50, 60, Duration.ZERO, clock.instant(), Optional.of(outage), 9));
        assertThat(only(check).name()).isEqualTo("RETRYING");
        statuses = List.of(status("orders", ProjectionState.LIVE, 50, 60)); // the store answers again
        assertThat(only(check).name()).isEqualTo("UP");
    }

    @Test
    void aPausedProjectionIsReadyAndItsPauseDoesNotCountAsAStall() {
        HealthCheck check = check(CONFIG.withMaxLag(5));
        statuses = List.of(status("orders", ProjectionState.PAUSED, 40, 60));
        Health paused = check.check();
        assertThat(paused.projections().get(0)).isEqualTo(new ProjectionHealth.Paused("orders", 40, 20));
        assertThat(paused.ready()).isTrue();
        clock.advance(Duration.ofMinutes(10));
        statuses = List.of(status("orders", ProjectionState.CATCHING_UP, 40, 44)); // resumed
        assertThat(only(check).name()).isEqualTo("UP");
    }

    @Test
    void aStandbyOrStoppedProjectionIsReady() {
        HealthCheck check = check(CONFIG);
        statuses = List.of(status("standby", ProjectionState.STANDBY, 40, 60),
                status("done", ProjectionState.STOPPED, 60, 60, Duration.ZERO, T0.minus(Duration.ofDays(1)), Optional.empty(), 0));
        Health health = check.check();
        assertThat(health.projections()).containsExactly(new ProjectionHealth.Standby("standby", 40),
                new ProjectionHealth.Stopped("done", 60));
        assertThat(health.live()).isTrue();
        assertThat(health.ready()).isTrue();
    }

    @Test
    void aRebuildWhoseShadowCopiesMoveIsNotStalled() {
        HealthCheck check = check(CONFIG);
        for (long shadow = 100; shadow <= 500; shadow += 100) {
            statuses = List.of(new ProjectionStatus("orders", ProjectionMode.PERSISTENT, ProjectionState.REBUILDING, 900,
                    1000, 100, Duration.ZERO, 0, 0, 0, Optional.empty(), clock.instant(),
                    Optional.of(new RebuildMarker(RebuildMarker.Kind.ZERO_DOWNTIME, 1000, shadow, true))));
            assertThat(only(check).name()).isEqualTo("UP");
            clock.advance(Duration.ofSeconds(31));
        }
    }

    @Test
    void oneStalledProjectionFailsLivenessAndOneFaultedOnlyReadiness() {
        HealthCheck check = check(CONFIG);
        ProjectionError error = new ProjectionError(7, null, "boom", false, T0);
        Instant old = clock.instant().minus(Duration.ofMinutes(2));
        statuses = List.of(status("a", ProjectionState.LIVE, 5, 5),
                status("b", ProjectionState.FAULTED, 6, 9, Duration.ZERO, clock.instant(), Optional.of(error), 0));
        Health faulted = check.check();
        assertThat(faulted.live()).isTrue();
        assertThat(faulted.ready()).isFalse();
        statuses = List.of(status("a", ProjectionState.LIVE, 5, 5),
                status("c", ProjectionState.CATCHING_UP, 6, 9, Duration.ZERO, old, Optional.empty(), 0));
        Health stalled = check.check();
        assertThat(stalled.live()).isFalse();
        assertThat(stalled.projection("a").map(ProjectionHealth::name)).contains("UP");
        assertThat(stalled.projection("c").map(ProjectionHealth::name)).contains("STALLED");
        statuses = List.of();
        assertThat(check.check()).isEqualTo(new Health(true, true, List.of(), clock.instant()));
    }

    @Test
    void checksFromManyThreadsShareOneClockPerProjection() throws Exception {
        HealthCheck check = check(CONFIG);
        statuses = List.of(status("orders", ProjectionState.LIVE, 40, 50));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> first = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                first.add(pool.submit(() -> {
                    for (int n = 0; n < 200; n++) {
                        if (!check.check().ready()) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : first) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isTrue();
            }
            clock.advance(Duration.ofSeconds(30));
            statuses = List.of(status("orders", ProjectionState.LIVE, 40, 50));
            List<Future<ProjectionHealth>> second = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                second.add(pool.submit(() -> check.check().projections().get(0)));
            }
            for (Future<ProjectionHealth> f : second) {
                assertThat(f.get(30, TimeUnit.SECONDS))
                        .isEqualTo(new Stalled("orders", 40, 10, Duration.ofSeconds(30), Reason.NO_PROGRESS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badOptionsAreRejectedNamingTheOption() {
        assertThatThrownBy(() -> HealthConfig.DEFAULT.withMaxLag(-1)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("maxLag [-1]");
        assertThatThrownBy(() -> HealthConfig.DEFAULT.withMaxLagTime(Duration.ZERO))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("maxLagTime [PT0S]");
        assertThatThrownBy(() -> HealthConfig.DEFAULT.withMaxLagTime(null)).hasMessageContaining("maxLagTime [null]");
        assertThatThrownBy(() -> HealthConfig.DEFAULT.withStallAfter(Duration.ofDays(2)))
                .hasMessageContaining("stallAfter [PT48H]");
        assertThatThrownBy(() -> HealthConfig.DEFAULT.withHeartbeatTimeout(Duration.ofMillis(-5)))
                .hasMessageContaining("heartbeatTimeout [PT-0.005S]");
        assertThat(HealthConfig.DEFAULT.maxLag()).isEmpty();
        assertThat(HealthConfig.DEFAULT.stallAfter()).isEqualTo(Duration.ofSeconds(30));
    }
}
