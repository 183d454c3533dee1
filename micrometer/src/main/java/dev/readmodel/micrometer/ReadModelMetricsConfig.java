package dev.readmodel.micrometer;

import dev.readmodel.core.error.ConfigurationException;
import java.time.Duration;
import java.util.Objects;

/**
 * How often {@link ReadModelMetrics} asks the engine for fresh figures. Every gauge of one scrape reads the
 * same status snapshot, taken at most {@code statusMaxAge} before; parked dead letters, which a store may
 * have to count, are read at most once per {@code deadLetterMaxAge}.
 *
 * @param statusMaxAge how long a status snapshot of every projection serves the gauges; 0 to 1 minute
 * @param deadLetterMaxAge how long a count of parked dead letters serves; 0 to 10 minutes
 */
public record ReadModelMetricsConfig(Duration statusMaxAge, Duration deadLetterMaxAge) {
    /** One second for statuses, five for dead letters. */
    public static final ReadModelMetricsConfig DEFAULT =
            new ReadModelMetricsConfig(Duration.ofSeconds(1), Duration.ofSeconds(5));

    /**
     * Checks both ages.
     *
     * @throws ConfigurationException naming the setting, its value and the allowed range
     */
    public ReadModelMetricsConfig {
        requireRange("statusMaxAge", statusMaxAge, Duration.ofMinutes(1));
        requireRange("deadLetterMaxAge", deadLetterMaxAge, Duration.ofMinutes(10));
    }

    private static void requireRange(String setting, Duration value, Duration max) {
        Objects.requireNonNull(value, setting);
        if (value.isNegative() || value.compareTo(max) > 0) {
            throw new ConfigurationException("Invalid " + setting + " [" + value + "]: expected 0 to " + max);
        }
    }

    /** This configuration with {@code value} as the status snapshot's largest age. */
    public ReadModelMetricsConfig withStatusMaxAge(Duration value) {
        return new ReadModelMetricsConfig(value, deadLetterMaxAge);
    }

    /** This configuration with {@code value} as the dead-letter count's largest age. */
    public ReadModelMetricsConfig withDeadLetterMaxAge(Duration value) {
        return new ReadModelMetricsConfig(statusMaxAge, value);
    }
}
