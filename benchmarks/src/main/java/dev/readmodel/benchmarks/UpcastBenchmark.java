package dev.readmodel.benchmarks;

import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.engine.RebuildOptions;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.upcast.Upcasters;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What upcasting costs a rebuild, in memory so that nothing but the engine is measured: meter readings
 * rebuilt with registered upcasters beside the same rebuild with none. With rules only for other types,
 * and with the readings' own type at its current version, each event costs a hash lookup (and one metadata
 * key), which should not show; with every reading upcast once (a field added), the copy shows.
 */
final class UpcastBenchmark {
    private static final int METERS = 10_000;

    private final long events;
    private final int runs;
    private final PrintStream log;

    UpcastBenchmark(long events, int runs, PrintStream log) {
        this.events = events;
        this.runs = runs;
        this.log = log;
    }

    private record Case(String name, Upcasters upcasters, double target, String what) {
    }

    List<Result> run() throws Exception {
        InMemoryEventStore store = new InMemoryEventStore();
        long loaded = Meters.append(store, events, METERS);
        List<Case> cases = List.of(
                new Case("rules for other types", Upcasters.builder().rename("order.placed", "order.created")
                        .addField("order.created", 1, "currency", "EUR").build(), 0.9,
                        "upcasters registered for other event types only: one hash lookup per event"),
                new Case("readings at their current version", Upcasters.builder().current("meter.read", 1).build(), 0.9,
                        "meter.read registered at its current version 1: a hash lookup and one metadata key per event"),
                new Case("every reading upcast once", Upcasters.builder().addField("meter.read", 1, "unit", "kWh").build(),
                        0.5, "every reading stored at version 1 and upcast to 2 by adding a field: a copy of its data"
                        + " and metadata per event"));
        List<Result> results = new ArrayList<>();
        try (ProjectionEngine none = engine(store, Upcasters.none())) {
            for (int warmUp = 0; warmUp < 3; warmUp++) { // the first case should not pay for the JIT
                rebuild(none, loaded);
            }
            for (Case c : cases) {
                try (ProjectionEngine upcasting = engine(store, c.upcasters())) {
                    Stats.Paired paired = Stats.paired(runs, log, "upcast: rebuild, " + c.name(), "events/s",
                            () -> rebuild(upcasting, loaded), "upcast: rebuild without upcasters", "events/s",
                            () -> rebuild(none, loaded));
                    results.add(Result.paired("upcasting, " + c.name() + " (memory)", loaded, paired,
                            "events/s without upcasters", c.target(), c.what() + "; truncate rebuilds of " + loaded
                            + " readings onto " + METERS + " meters in the in-memory store, batches of 50,000, median of "
                            + runs + " pairs after a warm-up"));
                }
            }
        }
        return results;
    }

    private static ProjectionEngine engine(InMemoryEventStore store, Upcasters upcasters) {
        return ProjectionEngine.builder(store).config(EngineConfig.DEFAULT.withRebuildBatchSize(50_000))
                .upcasters(upcasters)
                .register(Meters.projection("meters", Meters.model("meters")), new InMemoryReadModelStore(),
                        ProjectionMode.CATCH_UP)
                .build();
    }

    private static double rebuild(ProjectionEngine engine, long loaded) {
        return loaded * 1e9 / engine.rebuild("meters", RebuildOptions.TRUNCATE).elapsed().toNanos();
    }
}
