package dev.readmodel.micrometer.internal;

import dev.readmodel.core.status.BatchObserver;
import dev.readmodel.core.status.BatchTiming;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The meters fed by each committed batch, per projection: the batch count, the documents written, and the
 * apply and commit timers. Built once per registry; the map is not changed afterwards, so recording is
 * lock-free on the projections' threads.
 */
public final class BatchMeters implements BatchObserver {
    private record Meters(Counter batches, Counter writes, Timer apply, Timer commit) {
    }

    private final Map<String, Meters> byProjection;

    /** Registers the batch meters of every projection in {@code tags} (projection name to its tags). */
    public BatchMeters(MeterRegistry registry, Map<String, Tags> tags) {
        Map<String, Meters> meters = new HashMap<>();
        tags.forEach((projection, t) -> meters.put(projection, new Meters(
                Counter.builder("readmodel.projection.batches").tags(t).baseUnit("batches")
                        .description("Batches the projection committed (live, catching up and rebuilding)")
                        .register(registry),
                Counter.builder("readmodel.projection.documents.written").tags(t)
                        .description("Documents the projection's committed batches wrote").register(registry),
                timer("readmodel.projection.batch.apply", "How long a batch's handlers and document reads took", t,
                        registry),
                timer("readmodel.projection.batch.commit", "How long a batch's store commit took", t, registry))));
        this.byProjection = Map.copyOf(meters);
    }

    private static Timer timer(String name, String description, Tags tags, MeterRegistry registry) {
        return Timer.builder(name).tags(tags).description(description).publishPercentiles(0.5, 0.95, 0.99)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofMinutes(1)).register(registry);
    }

    @Override
    public void committed(BatchTiming timing) {
        Meters meters = byProjection.get(timing.projection());
        if (meters == null) {
            return; // not a projection of the engine these meters were made for
        }
        meters.batches().increment();
        meters.writes().increment(timing.writes());
        meters.apply().record(timing.apply());
        meters.commit().record(timing.commit());
    }

    /** Every meter registered, for removal. */
    public List<Meter> meters() {
        List<Meter> all = new ArrayList<>();
        byProjection.values().forEach(m -> all.addAll(List.of(m.batches(), m.writes(), m.apply(), m.commit())));
        return all;
    }
}
