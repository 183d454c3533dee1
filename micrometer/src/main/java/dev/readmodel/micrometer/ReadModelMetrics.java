package dev.readmodel.micrometer;

import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.error.StateException;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.micrometer.internal.BatchMeters;
import dev.readmodel.micrometer.internal.DeadLetterCounts;
import dev.readmodel.micrometer.internal.ProjectionGauges;
import dev.readmodel.micrometer.internal.StatusCache;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds a {@link ProjectionEngine}'s projections to Micrometer: for each projection, meters tagged
 * {@code projection} (its name) and {@code store} (its read-model store's {@link ProjectionEngine#storeName
 * name}) for lag, state, checkpoint, throughput, batch timings, retries, faults, parked dead letters,
 * rebuild progress and the query cache (the README's "Metrics" table lists them all).
 *
 * <p>Gauges read one status snapshot of every projection, taken again when older than
 * {@link ReadModelMetricsConfig#statusMaxAge()}, so a scrape asks the engine once, not once per meter. The
 * batch meters are fed by {@link ProjectionEngine#observeBatches} on the projections' threads.
 *
 * <pre>{@code
 * try (ReadModelMetrics metrics = ReadModelMetrics.bind(engine, registry)) {
 *     ... // until closed, registry has the engine's meters
 * }
 * }</pre>
 *
 * <p>Thread-safe. A {@link MeterBinder}: {@link #bindTo} may be called for several registries; {@link #close()}
 * removes the meters from every one and stops observing the engine's batches.
 */
public final class ReadModelMetrics implements MeterBinder, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReadModelMetrics.class);

    private record Binding(MeterRegistry registry, List<Meter> meters, AutoCloseable observer) {
    }

    private final ProjectionEngine engine;
    private final StatusCache statuses;
    private final DeadLetterCounts deadLetters;
    private final List<Binding> bindings = new ArrayList<>();
    private boolean closed;

    /** Meters for {@code engine} with the {@link ReadModelMetricsConfig#DEFAULT default} snapshot ages; none bound yet. */
    public ReadModelMetrics(ProjectionEngine engine) {
        this(engine, ReadModelMetricsConfig.DEFAULT);
    }

    /** Meters for {@code engine} with the snapshot ages of {@code config}; none bound yet. */
    public ReadModelMetrics(ProjectionEngine engine, ReadModelMetricsConfig config) {
        this.engine = Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(config, "config");
        this.statuses = new StatusCache(engine::status, config.statusMaxAge(), System::nanoTime);
        this.deadLetters = new DeadLetterCounts(p -> engine.deadLetters(p).size(), config.deadLetterMaxAge(),
                System::nanoTime);
    }

    /** Binds {@code engine}'s meters to {@code registry} with the default ages; close the result to remove them. */
    public static ReadModelMetrics bind(ProjectionEngine engine, MeterRegistry registry) {
        ReadModelMetrics metrics = new ReadModelMetrics(engine);
        metrics.bindTo(registry);
        return metrics;
    }

    /**
     * Registers every projection's meters in {@code registry} and starts feeding its batch meters.
     *
     * @throws StateException when this binding is closed
     */
    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (closed) {
            throw new StateException("These read-model metrics are closed; make a new ReadModelMetrics to bind again");
        }
        Map<String, Tags> tags = new LinkedHashMap<>();
        for (Projection projection : engine.projections()) {
            String name = projection.name();
            tags.put(name, Tags.of("projection", name, "store", engine.storeName(name)));
        }
        List<Meter> meters = new ArrayList<>();
        tags.forEach((name, t) -> meters.addAll(ProjectionGauges.register(registry, name, t, statuses, deadLetters)));
        BatchMeters batches = new BatchMeters(registry, tags);
        meters.addAll(batches.meters());
        bindings.add(new Binding(registry, meters, engine.observeBatches(batches)));
    }

    /** Stops observing batches and removes every meter this binding registered, from every registry. Safe twice. */
    @Override
    public synchronized void close() {
        closed = true;
        for (Binding binding : bindings) {
            try {
                binding.observer().close();
            } catch (Exception e) {
                LOG.warn("Could not stop observing the engine's batches for metrics", e);
            }
            binding.meters().forEach(binding.registry()::remove);
        }
        bindings.clear();
    }
}
