package dev.readmodel.core.health;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer of one {@link HealthCheck#check()}: whether the process is alive, whether the instance is
 * ready to serve queries, and how each projection stands. Immutable.
 *
 * @param live {@code false} when any projection is {@link ProjectionHealth.Stalled}: the process is wedged
 *     and a restart may cure it
 * @param ready {@code false} when any projection is not {@link ProjectionHealth#ready()}: stalled, faulted,
 *     retrying or beyond the lag bounds
 * @param projections one entry per projection, in the engine's order
 * @param checkedAt when the check ran, by the check's clock
 */
public record Health(boolean live, boolean ready, List<ProjectionHealth> projections, Instant checkedAt) {
    /** Copies the list and rejects nulls. */
    public Health {
        projections = List.copyOf(projections);
        Objects.requireNonNull(checkedAt, "checkedAt");
    }

    /** The health of {@code projections}, live and ready when every one is. */
    static Health of(List<ProjectionHealth> projections, Instant checkedAt) {
        return new Health(projections.stream().allMatch(ProjectionHealth::live),
                projections.stream().allMatch(ProjectionHealth::ready), projections, checkedAt);
    }

    /** The entry of {@code projection}, if the engine has it. */
    public Optional<ProjectionHealth> projection(String projection) {
        return projections.stream().filter(p -> p.projection().equals(projection)).findFirst();
    }
}
