package dev.readmodel.core.health;

import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.status.ProjectionError;
import dev.readmodel.core.status.ProjectionState;
import dev.readmodel.core.status.ProjectionStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Liveness and readiness of an engine's projections, for probes and load balancers. Each {@link #check()}
 * reads every projection's status and sorts it into one {@link ProjectionHealth} case, in this order:
 * <ol>
 * <li>{@link ProjectionState#FAULTED}: {@link ProjectionHealth.Faulted}, with the position and cause;</li>
 * <li>{@link ProjectionState#STOPPED}: {@link ProjectionHealth.Stopped};</li>
 * <li>a heartbeat older than {@link HealthConfig#heartbeatTimeout()} (not for inline projections, which
 *     run on the appending thread and have no runner of their own):
 *     {@link ProjectionHealth.Stalled} ({@link ProjectionHealth.Reason#HEARTBEAT});</li>
 * <li>{@link ProjectionState#STANDBY}, {@link ProjectionState#PAUSED}: {@link ProjectionHealth.Standby},
 *     {@link ProjectionHealth.Paused};</li>
 * <li>a failure being retried: {@link ProjectionHealth.Retrying};</li>
 * <li>a checkpoint that has not moved for {@link HealthConfig#stallAfter()} while events wait:
 *     {@link ProjectionHealth.Stalled} ({@link ProjectionHealth.Reason#NO_PROGRESS});</li>
 * <li>beyond {@link HealthConfig#maxLag()} or {@link HealthConfig#maxLagTime()}: {@link ProjectionHealth.Lagging};</li>
 * <li>otherwise {@link ProjectionHealth.Up}.</li>
 * </ol>
 *
 * <p>Progress is learnt from checks: the check remembers when it last saw each checkpoint move, so a
 * checkpoint that stays put is reported stalled only by checks at least {@code stallAfter} after the first
 * that saw it there. Probes that call every few seconds are what it expects; a heartbeat that stops is seen
 * by the first check. A projection whose engine was never started shows a heartbeat that does not beat.
 *
 * <p>Thread-safe: checks may run from many threads at once.
 */
public final class HealthCheck {
    private final Supplier<List<ProjectionStatus>> statuses;
    private final HealthConfig config;
    private final Clock clock;
    private final ProgressMemory progress = new ProgressMemory();

    HealthCheck(Supplier<List<ProjectionStatus>> statuses, HealthConfig config, Clock clock) {
        this.statuses = Objects.requireNonNull(statuses, "statuses");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A check of {@code engine}'s projections with {@code config}. */
    public static HealthCheck of(ProjectionEngine engine, HealthConfig config) {
        Objects.requireNonNull(engine, "engine");
        return new HealthCheck(engine::status, config, Clock.systemUTC());
    }

    /** Starts a check of {@code engine} from {@link HealthConfig#DEFAULT}. */
    public static Builder builder(ProjectionEngine engine) {
        return new Builder(Objects.requireNonNull(engine, "engine"));
    }

    /** The bounds this check applies. */
    public HealthConfig config() {
        return config;
    }

    /**
     * Checks every projection now.
     *
     * @throws dev.readmodel.core.error.ReadModelException when the statuses cannot be read (an engine not
     *     yet started reads checkpoints from its stores)
     */
    public Health check() {
        Instant now = clock.instant();
        List<ProjectionHealth> result = new ArrayList<>();
        for (ProjectionStatus status : statuses.get()) {
            result.add(classify(status, now));
        }
        return Health.of(result, now);
    }

    private ProjectionHealth classify(ProjectionStatus s, Instant now) {
        String name = s.projection();
        if (!expectedToMove(s)) {
            progress.restart(s, now); // the time it spends so must not count once it is expected to move
        }
        if (s.state() == ProjectionState.FAULTED) {
            return new ProjectionHealth.Faulted(name, s.checkpoint(), s.lastError().orElseGet(() ->
                    new ProjectionError(s.checkpoint() + 1, null, "no error was recorded", false, now)));
        }
        if (s.state() == ProjectionState.STOPPED) {
            return new ProjectionHealth.Stopped(name, s.checkpoint());
        }
        Duration silent = Duration.between(s.heartbeat(), now);
        if (s.mode() != ProjectionMode.INLINE && silent.compareTo(config.heartbeatTimeout()) >= 0) {
            return new ProjectionHealth.Stalled(name, s.checkpoint(), s.lagEvents(), silent,
                    ProjectionHealth.Reason.HEARTBEAT);
        }
        if (s.state() == ProjectionState.STANDBY) {
            return new ProjectionHealth.Standby(name, s.checkpoint());
        }
        if (s.state() == ProjectionState.PAUSED) {
            return new ProjectionHealth.Paused(name, s.checkpoint(), s.lagEvents());
        }
        if (s.retries() > 0 && s.lastError().isPresent()) {
            return new ProjectionHealth.Retrying(name, s.checkpoint(), s.retries(), s.lastError().get());
        }
        Duration unmoved = progress.unmoved(s, now);
        if (s.lagEvents() > 0 && unmoved.compareTo(config.stallAfter()) >= 0) {
            return new ProjectionHealth.Stalled(name, s.checkpoint(), s.lagEvents(), unmoved,
                    ProjectionHealth.Reason.NO_PROGRESS);
        }
        if (config.maxLag().isPresent() && s.lagEvents() > config.maxLag().getAsLong()) {
            return new ProjectionHealth.Lagging(name, s.checkpoint(), s.lagEvents(), s.lag(),
                    "maxLag [" + config.maxLag().getAsLong() + "] events");
        }
        if (config.maxLagTime().isPresent() && s.lag().compareTo(config.maxLagTime().get()) > 0) {
            return new ProjectionHealth.Lagging(name, s.checkpoint(), s.lagEvents(), s.lag(),
                    "maxLagTime [" + config.maxLagTime().get() + "]");
        }
        return new ProjectionHealth.Up(name, s.checkpoint(), s.lagEvents(), s.lag());
    }

    /** Whether the checkpoint should move when events wait: not while paused, in standby, stopped or retrying. */
    private static boolean expectedToMove(ProjectionStatus s) {
        boolean running = switch (s.state()) {
            case STARTING, CATCHING_UP, LIVE, REBUILDING -> true;
            case STANDBY, PAUSED, FAULTED, STOPPED -> false;
        };
        return running && s.retries() == 0;
    }

    /** Collects the options of a check; not thread-safe. Each option is checked when given. */
    public static final class Builder {
        private final ProjectionEngine engine;
        private HealthConfig config = HealthConfig.DEFAULT;

        private Builder(ProjectionEngine engine) {
            this.engine = engine;
        }

        /**
         * Not ready when more than {@code events} behind the head.
         *
         * @throws dev.readmodel.core.error.ConfigurationException when negative
         */
        public Builder maxLag(long events) {
            config = config.withMaxLag(events);
            return this;
        }

        /**
         * Not ready when further behind the head than {@code lag} in event time.
         *
         * @throws dev.readmodel.core.error.ConfigurationException when outside 1 ms to 30 days
         */
        public Builder maxLagTime(Duration lag) {
            config = config.withMaxLagTime(lag);
            return this;
        }

        /**
         * Stalled when the checkpoint stays put this long while events wait.
         *
         * @throws dev.readmodel.core.error.ConfigurationException when outside 1 ms to 1 day
         */
        public Builder stallAfter(Duration value) {
            config = config.withStallAfter(value);
            return this;
        }

        /**
         * Stalled when the heartbeat is this old.
         *
         * @throws dev.readmodel.core.error.ConfigurationException when outside 1 ms to 1 day
         */
        public Builder heartbeatTimeout(Duration value) {
            config = config.withHeartbeatTimeout(value);
            return this;
        }

        /** The check. */
        public HealthCheck build() {
            return HealthCheck.of(engine, config);
        }
    }
}
