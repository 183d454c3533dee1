package dev.readmodel.core.health;

import dev.readmodel.core.status.ProjectionError;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How one projection stands in a {@link Health} check: a closed set of cases, each saying whether the
 * projection keeps the process {@link #live()} and the instance {@link #ready()} to serve queries.
 * Immutable.
 *
 * <p>Only {@link Stalled} fails liveness: it is the one case a restart of the process can cure. Readiness
 * fails on {@link Stalled}, {@link Faulted}, {@link Retrying} and {@link Lagging}.
 */
public sealed interface ProjectionHealth {
    /** The projection's name. */
    String projection();

    /** Its last committed position when checked. */
    long checkpoint();

    /** Whether this projection lets the process count as alive: {@code false} only when {@link Stalled}. */
    default boolean live() {
        return !(this instanceof Stalled);
    }

    /** Whether this projection lets the instance serve queries. */
    boolean ready();

    /** The case's name for logs and JSON, such as {@code UP} or {@code STALLED}: its record's name in capitals. */
    default String name() {
        return getClass().getSimpleName().toUpperCase(Locale.ROOT);
    }

    /**
     * Applying events and within the lag bounds: at the head, or catching up no further behind than
     * {@link HealthConfig#maxLag()} and {@link HealthConfig#maxLagTime()} allow. Live and ready.
     */
    record Up(String projection, long checkpoint, long lagEvents, Duration lag) implements ProjectionHealth {
        /** Rejects nulls. */
        public Up {
            Objects.requireNonNull(projection, "projection");
            Objects.requireNonNull(lag, "lag");
        }

        @Override
        public boolean ready() {
            return true;
        }
    }

    /**
     * Applying events, but further behind than a lag bound allows (catching up after a start or a truncate
     * rebuild, or slower than the events come). Live, not ready; {@code bound} names the bound it broke.
     */
    record Lagging(String projection, long checkpoint, long lagEvents, Duration lag, String bound)
            implements ProjectionHealth {
        /** Rejects nulls. */
        public Lagging {
            Objects.requireNonNull(projection, "projection");
            Objects.requireNonNull(lag, "lag");
            Objects.requireNonNull(bound, "bound");
        }

        @Override
        public boolean ready() {
            return false;
        }
    }

    /** Why a projection counts as stalled. */
    enum Reason {
        /** Its runner has not beaten its heartbeat for {@link HealthConfig#heartbeatTimeout()}. */
        HEARTBEAT,
        /** Its checkpoint has not moved for {@link HealthConfig#stallAfter()} while events wait. */
        NO_PROGRESS
    }

    /**
     * Wedged: a handler or store call that does not return, or a runner that no longer runs. Neither live
     * nor ready. {@code stalledFor} is how long the heartbeat has been silent ({@link Reason#HEARTBEAT}) or
     * how long the checkpoint has stayed at {@code checkpoint} with {@code lagEvents} waiting
     * ({@link Reason#NO_PROGRESS}), as far as the checks have seen.
     */
    record Stalled(String projection, long checkpoint, long lagEvents, Duration stalledFor, Reason reason)
            implements ProjectionHealth {
        /** Rejects nulls. */
        public Stalled {
            Objects.requireNonNull(projection, "projection");
            Objects.requireNonNull(stalledFor, "stalledFor");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public boolean ready() {
            return false;
        }
    }

    /**
     * Stopped at an event its handler keeps failing on, until an operator restarts, rebuilds or fixes it.
     * Live (a restart would meet the same event), not ready. {@code error} names the position and the
     * cause, as the projection's status shows them.
     */
    record Faulted(String projection, long checkpoint, ProjectionError error) implements ProjectionHealth {
        /** Rejects nulls. */
        public Faulted {
            Objects.requireNonNull(projection, "projection");
            Objects.requireNonNull(error, "error");
        }

        @Override
        public boolean ready() {
            return false;
        }
    }

    /**
     * Retrying a failure with backoff (a store or event source that does not answer), with its heartbeat
     * alive. Live (a restart would not bring the store back), not ready.
     */
    record Retrying(String projection, long checkpoint, int retries, ProjectionError error) implements ProjectionHealth {
        /** Rejects nulls. */
        public Retrying {
            Objects.requireNonNull(projection, "projection");
            Objects.requireNonNull(error, "error");
        }

        @Override
        public boolean ready() {
            return false;
        }
    }

    /**
     * Paused by an operator. Live and ready: the pause is deliberate, and its read models keep answering
     * as of {@code checkpoint}; taking the instance out of service would turn a pause into an outage.
     * Neither the lag bounds nor the progress check apply; the heartbeat does.
     */
    record Paused(String projection, long checkpoint, long lagEvents) implements ProjectionHealth {
        /** Rejects nulls. */
        public Paused {
            Objects.requireNonNull(projection, "projection");
        }

        @Override
        public boolean ready() {
            return true;
        }
    }

    /**
     * Waiting while another instance holds the projection's lease: that instance applies the events and
     * this one answers from the same store. Live and ready; the heartbeat applies.
     */
    record Standby(String projection, long checkpoint) implements ProjectionHealth {
        /** Rejects nulls. */
        public Standby {
            Objects.requireNonNull(projection, "projection");
        }

        @Override
        public boolean ready() {
            return true;
        }
    }

    /**
     * Its runner has ended: a catch-up projection that reached its target, or an engine that closed. Live
     * and ready: its read models answer as of {@code checkpoint}, and nothing is left for it to apply.
     */
    record Stopped(String projection, long checkpoint) implements ProjectionHealth {
        /** Rejects nulls. */
        public Stopped {
            Objects.requireNonNull(projection, "projection");
        }

        @Override
        public boolean ready() {
            return true;
        }
    }
}
