package dev.readmodel.core.health;

import dev.readmodel.core.error.ConfigurationException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a {@link HealthCheck} counts as ready and as stalled. Validated when built: a bad value fails at once
 * with a {@link ConfigurationException} naming the setting, the value and the allowed range.
 *
 * @param maxLag most events a projection may be behind the head and still be ready (0 to
 *     {@link Long#MAX_VALUE}); empty: the number of events behind never makes it unready
 * @param maxLagTime longest event-time lag (see {@link dev.readmodel.core.status.ProjectionStatus#lag()}) a
 *     projection may have and still be ready (1 ms to 30 days); empty: the lag in time never makes it unready
 * @param stallAfter how long a projection's checkpoint may stay put while events wait before it counts as
 *     stalled (1 ms to 1 day)
 * @param heartbeatTimeout how old a projection's heartbeat may be before it counts as stalled (1 ms to 1 day);
 *     keep it well above the engine's poll interval and the longest batch, since a runner beats between batches
 */
public record HealthConfig(OptionalLong maxLag, Optional<Duration> maxLagTime, Duration stallAfter,
        Duration heartbeatTimeout) {

    /** No lag bounds, stalled after 30 s without progress while events wait or 60 s without a heartbeat. */
    public static final HealthConfig DEFAULT = new HealthConfig(OptionalLong.empty(), Optional.empty(),
            Duration.ofSeconds(30), Duration.ofSeconds(60));

    /** Checks every bound; see the component descriptions. */
    public HealthConfig {
        Objects.requireNonNull(maxLag, "maxLag");
        Objects.requireNonNull(maxLagTime, "maxLagTime");
        if (maxLag.isPresent() && maxLag.getAsLong() < 0) {
            throw new ConfigurationException("Invalid maxLag [" + maxLag.getAsLong() + "]: expected 0 to "
                    + Long.MAX_VALUE + " events");
        }
        maxLagTime.ifPresent(t -> requireDuration("maxLagTime", t, Duration.ofDays(30)));
        requireDuration("stallAfter", stallAfter, Duration.ofDays(1));
        requireDuration("heartbeatTimeout", heartbeatTimeout, Duration.ofDays(1));
    }

    /** This config with a bound on the events a ready projection may be behind. */
    public HealthConfig withMaxLag(long events) {
        return new HealthConfig(OptionalLong.of(events), maxLagTime, stallAfter, heartbeatTimeout);
    }

    /** This config with a bound on the event-time lag of a ready projection. */
    public HealthConfig withMaxLagTime(Duration value) {
        requireDuration("maxLagTime", value, Duration.ofDays(30));
        return new HealthConfig(maxLag, Optional.of(value), stallAfter, heartbeatTimeout);
    }

    /** This config with another time a checkpoint may stay put while events wait. */
    public HealthConfig withStallAfter(Duration value) {
        return new HealthConfig(maxLag, maxLagTime, value, heartbeatTimeout);
    }

    /** This config with another heartbeat timeout. */
    public HealthConfig withHeartbeatTimeout(Duration value) {
        return new HealthConfig(maxLag, maxLagTime, stallAfter, value);
    }

    private static void requireDuration(String name, Duration value, Duration max) {
        Duration min = Duration.ofMillis(1);
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new ConfigurationException("Invalid " + name + " [" + value + "]: expected " + min + " to " + max);
        }
    }
}
