package dev.readmodel.server;

import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.FailurePolicy;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.status.ProjectionState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The engine the dashboard's browser test operates, on the in-memory store: {@link #TICKS} tick events, then a
 * poison event at {@code TICKS + 1}. {@code tallies} and {@code drafts} sleep a little per tick, so that a rebuild
 * lasts a few seconds; {@code faulty} faults on the poison event; {@code parking} parks it as a dead letter until
 * {@link #PARKING_FIXED} is set. The poison's cause carries markup, which the page must show as text.
 */
final class DashboardEngine {
    static final int TICKS = 400;
    static final AtomicBoolean PARKING_FIXED = new AtomicBoolean();

    record Tick(String id) {
    }

    private DashboardEngine() {
    }

    /** The engine, started and caught up, {@code faulty} faulted; its event store is {@code events}. */
    static ProjectionEngine start(InMemoryEventStore events) throws InterruptedException {
        for (int i = 0; i < TICKS; i++) {
            events.append("tick-" + (i % 20), ExpectedVersion.ANY, List.of(NewEvent.of("tick", new Tick("t" + (i % 20)))));
        }
        events.append("poison-1", ExpectedVersion.ANY, List.of(NewEvent.of("poison", new Tick("p"))));
        InMemoryReadModelStore store = new InMemoryReadModelStore();
        ProjectionEngine engine = ProjectionEngine.builder(events)
                .config(EngineConfig.DEFAULT.withPollInterval(Duration.ofMillis(20)).withBatchSize(20).withRebuildBatchSize(20))
                .register(slow("tallies"), store, ProjectionMode.PERSISTENT)
                .register(slow("drafts"), store, ProjectionMode.PERSISTENT)
                .register(counting("faulty", FailurePolicy.fail(0), new AtomicBoolean()), store, ProjectionMode.PERSISTENT)
                .register(counting("parking", FailurePolicy.deadLetter(0), PARKING_FIXED), store, ProjectionMode.PERSISTENT)
                .build();
        engine.start();
        for (String projection : List.of("tallies", "drafts", "parking")) {
            if (!engine.awaitPosition(projection, TICKS + 1, Duration.ofMinutes(1))) {
                throw new AssertionError("Projection [" + projection + "] did not reach [" + (TICKS + 1) + "] within a minute");
            }
        }
        long end = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (engine.status("faulty").state() != ProjectionState.FAULTED) {
            if (System.nanoTime() > end) {
                throw new AssertionError("Projection [faulty] did not fault on the poison event within a minute");
            }
            Thread.sleep(20);
        }
        return engine;
    }

    /** Counts ticks, sleeping a little on each so that a rebuild of the history takes a few seconds. */
    private static Projection slow(String name) {
        ReadModel model = ReadModel.named(name).key("id").field("count", FieldType.LONG).build();
        return Projection.named(name).readModel(model).on("tick", Tick.class, model, Tick::id, (d, e) -> {
            try {
                Thread.sleep(8);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return d == null ? Document.of("count", 1L) : d.plus("count", 1);
        }).build();
    }

    /** Counts ticks; refuses the poison event until {@code fixed}. */
    private static Projection counting(String name, FailurePolicy policy, AtomicBoolean fixed) {
        ReadModel model = ReadModel.named(name + "_counts").key("id").field("count", FieldType.LONG).build();
        return Projection.named(name).readModel(model).onFailure(policy)
                .on("tick", Tick.class, model, Tick::id, (d, e) -> d == null ? Document.of("count", 1L) : d.plus("count", 1))
                .on("poison", Tick.class, model, Tick::id, (d, e) -> {
                    if (!fixed.get()) {
                        throw new IllegalStateException("poison <b>event</b> refused");
                    }
                    return Document.of("count", 1L);
                }).build();
    }
}
