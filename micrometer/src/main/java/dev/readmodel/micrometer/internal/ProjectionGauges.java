package dev.readmodel.micrometer.internal;

import dev.readmodel.core.status.ProjectionState;
import dev.readmodel.core.status.ProjectionStatus;
import dev.readmodel.core.status.RebuildMarker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/** Registers the meters of one projection that read its status snapshot (and its dead-letter count). */
public final class ProjectionGauges {
    private final MeterRegistry registry;
    private final String projection;
    private final Tags tags;
    private final StatusCache statuses;
    private final List<Meter> meters = new ArrayList<>();

    private ProjectionGauges(MeterRegistry registry, String projection, Tags tags, StatusCache statuses) {
        this.registry = registry;
        this.projection = projection;
        this.tags = tags;
        this.statuses = statuses;
    }

    /** Registers them in {@code registry} and returns them, for removal. */
    public static List<Meter> register(MeterRegistry registry, String projection, Tags tags, StatusCache statuses,
            DeadLetterCounts deadLetters) {
        ProjectionGauges g = new ProjectionGauges(registry, projection, tags, statuses);
        g.gauge("readmodel.projection.lag.events", "events", "Positions between the checkpoint and the head",
                ProjectionStatus::lagEvents);
        g.meters.add(TimeGauge.builder("readmodel.projection.lag", statuses,
                TimeUnit.SECONDS, s -> s.read(projection, st -> seconds(st.lag()))).tags(tags).strongReference(true)
                .description("Event time between the event at the checkpoint and the head event").register(registry));
        g.gauge("readmodel.projection.checkpoint", null, "Last committed position", ProjectionStatus::checkpoint);
        g.gauge("readmodel.projection.head", null, "Newest position of the event source when last observed",
                ProjectionStatus::head);
        for (ProjectionState state : ProjectionState.values()) {
            g.meters.add(Gauge.builder("readmodel.projection.state",
                    () -> statuses.read(projection, s -> s.state() == state ? 1 : 0)).tags(tags)
                    .tag("state", state.name().toLowerCase(Locale.ROOT))
                    .description("1 for the state the projection is in, 0 for the others").register(registry));
        }
        g.gauge("readmodel.projection.events.per.second", null, "Recent throughput of applied events",
                ProjectionStatus::eventsPerSecond);
        g.counter("readmodel.projection.events.applied", null, "Events applied since the engine started",
                c -> c.read(projection, ProjectionStatus::eventsApplied));
        g.gauge("readmodel.projection.retries", null, "Consecutive failed attempts of the current batch",
                ProjectionStatus::retries);
        g.counter("readmodel.projection.faults", null, "Times the projection was seen entering FAULTED",
                c -> c.faults(projection));
        g.meters.add(Gauge.builder("readmodel.projection.dead.letters", () -> deadLetters.count(projection))
                .tags(tags).description("Events the projection parked").register(registry));
        g.gauge("readmodel.projection.rebuild.progress", null,
                "Fraction of the history an unfinished rebuild replayed, 0 to 1; NaN without one",
                s -> s.rebuild().map(RebuildMarker::fraction).orElse(Double.NaN));
        g.counter("readmodel.projection.query.cache.gets", null, "Queries the query cache answered", "result", "hit",
                c -> c.read(projection, s -> s.queryCache().hits()));
        g.counter("readmodel.projection.query.cache.gets", null, "Queries the query cache could not answer",
                "result", "miss", c -> c.read(projection, s -> s.queryCache().misses()));
        g.gauge("readmodel.projection.query.cache.size", null, "Answers the query cache holds",
                s -> s.queryCache().entries());
        return List.copyOf(g.meters);
    }

    private void gauge(String name, String unit, String description, ToDoubleFunction<ProjectionStatus> figure) {
        meters.add(Gauge.builder(name, () -> statuses.read(projection, figure)).tags(tags).baseUnit(unit)
                .description(description).register(registry));
    }

    private void counter(String name, String unit, String description, ToDoubleFunction<StatusCache> value) {
        counter(name, unit, description, null, null, value);
    }

    /**
     * A function counter holds its object weakly: the status cache is that object, kept alive by the gauges
     * (which hold their functions strongly) for as long as they are registered.
     */
    private void counter(String name, String unit, String description, String tag, String tagValue,
            ToDoubleFunction<StatusCache> value) {
        FunctionCounter.Builder<StatusCache> builder = FunctionCounter.builder(name, statuses, value).tags(tags)
                .baseUnit(unit).description(description);
        if (tag != null) {
            builder.tag(tag, tagValue);
        }
        meters.add(builder.register(registry));
    }

    private static double seconds(Duration duration) {
        return duration.getSeconds() + duration.getNano() / 1e9;
    }
}
