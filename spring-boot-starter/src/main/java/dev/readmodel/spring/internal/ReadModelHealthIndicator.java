package dev.readmodel.spring.internal;

import dev.readmodel.core.health.Health;
import dev.readmodel.core.health.HealthCheck;
import dev.readmodel.core.health.ProjectionHealth;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The engine's {@link HealthCheck} for Actuator: {@code UP} when every projection is ready,
 * {@code OUT_OF_SERVICE} when the process is alive but some projection is not ready (faulted, lagging,
 * standby, paused), {@code DOWN} when a projection is stalled. Each projection is a detail with its case
 * and checkpoint. Thread-safe.
 */
public final class ReadModelHealthIndicator implements HealthIndicator {
    private final HealthCheck check;

    /** Reports {@code check}. */
    public ReadModelHealthIndicator(HealthCheck check) {
        this.check = Objects.requireNonNull(check, "check");
    }

    @Override
    public org.springframework.boot.health.contributor.Health health() {
        Health health = check.check();
        Status status = health.ready() ? Status.UP : health.live() ? Status.OUT_OF_SERVICE : Status.DOWN;
        Map<String, Object> projections = new LinkedHashMap<>();
        for (ProjectionHealth p : health.projections()) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("state", p.name());
            detail.put("checkpoint", p.checkpoint());
            if (p instanceof ProjectionHealth.Faulted faulted) {
                detail.put("error", "at position [" + faulted.error().position() + "]: " + faulted.error().message());
            }
            projections.put(p.projection(), detail);
        }
        return org.springframework.boot.health.contributor.Health.status(status)
                .withDetail("live", health.live())
                .withDetail("ready", health.ready())
                .withDetail("projections", projections)
                .build();
    }
}
