package dev.readmodel.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.engine.RebuildOptions;
import dev.readmodel.core.event.EventStore;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.Checkpoint;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.spi.ReadModelStore;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * What upcasting promises on a real store: a history that mixes three versions of one event type, a
 * renamed type and a split event, read through the registered upcasters, gives the same read model as the
 * same history written in the newest shape, after catching up and after truncate and zero-downtime
 * rebuilds, and appended through the engine (inline where the stores allow it, else live); and a split's
 * parts that change one document are skipped together when a crash makes the engine read their event
 * again. Each store's integration test extends this class.
 */
public abstract class UpcastingContract {
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int ORDERS = 40;

    /** The read-model store under test; the contract prepares the read models it uses, with fresh names. */
    protected abstract ReadModelStore readModels();

    /** A fresh, empty event store; called twice per test. The in-memory one unless overridden. */
    protected EventStore events() {
        return new InMemoryEventStore();
    }

    /** Whether {@link #events()} can run inline projections in its transactions with {@link #readModels()}. */
    protected boolean supportsInline() {
        return false;
    }

    private record Run(ReadModel model, Projection projection) {
        static Run fresh(String role) {
            int run = RUNS.incrementAndGet();
            ReadModel model = UpcastOrders.model("upcast_" + role + "_" + run);
            return new Run(model, UpcastOrders.projection("upcast-" + role + "-" + run, model));
        }
    }

    private static void append(EventStore events, List<UpcastOrders.Written> history,
            Function<UpcastOrders.Written, List<NewEvent>> shape) {
        for (int i = 0; i < history.size(); i++) {
            events.append("order-" + i, ExpectedVersion.NO_STREAM, shape.apply(history.get(i)));
        }
    }

    private List<String> model(Run run) {
        return UpcastOrders.summary(StoreContents.of(readModels(), List.of(run.model())).get(run.model().name()));
    }

    private ProjectionEngine engine(EventStore events, Run run, ProjectionMode mode, int batchSize) {
        readModels().prepare(List.of(run.model()));
        return ProjectionEngine.builder(events).upcasters(UpcastOrders.UPCASTERS)
                .config(EngineConfig.DEFAULT.withBatchSize(batchSize).withRebuildBatchSize(batchSize * 2)
                        .withPollInterval(Duration.ofMillis(20)))
                .register(run.projection(), readModels(), mode).build();
    }

    /** The model the newest-shape history gives, which every upcast run must equal. */
    private List<String> newest(List<UpcastOrders.Written> history) throws InterruptedException {
        Run run = Run.fresh("newest");
        EventStore events = events();
        append(events, history, UpcastOrders.Written::newest);
        try (ProjectionEngine engine = engine(events, run, ProjectionMode.PERSISTENT, 50)) {
            engine.start();
            assertThat(engine.awaitCaughtUp(WAIT)).isTrue();
            List<String> model = model(run);
            assertThat(model).hasSize(ORDERS);
            return model;
        }
    }

    @Test
    void aHistoryOfOldShapesCaughtUpAndRebuiltEqualsTheSameHistoryInTheNewestShape() throws InterruptedException {
        List<UpcastOrders.Written> history = UpcastOrders.history(new Random(19), ORDERS);
        List<String> expected = newest(history);
        Run run = Run.fresh("legacy");
        EventStore events = events();
        append(events, history, UpcastOrders.Written::legacy);
        try (ProjectionEngine engine = engine(events, run, ProjectionMode.PERSISTENT, 20)) {
            engine.start();
            assertThat(engine.awaitCaughtUp(WAIT)).isTrue();
            assertThat(model(run)).as("caught up").isEqualTo(expected);
            engine.rebuild(run.projection().name(), RebuildOptions.TRUNCATE);
            assertThat(model(run)).as("after a truncate rebuild").isEqualTo(expected);
            engine.rebuild(run.projection().name(), RebuildOptions.ZERO_DOWNTIME);
            assertThat(model(run)).as("after a zero-downtime rebuild").isEqualTo(expected);
        }
    }

    @Test
    void aSplitsPartsOnOneDocumentAreSkippedTogetherWhenACrashMakesTheEngineReadThemAgain() throws InterruptedException {
        List<UpcastOrders.Written> history = UpcastOrders.history(new Random(20), ORDERS);
        assertThat(history).as("the history has splits")
                .anyMatch(w -> w.legacy().get(0).type().equals("order.placed_with_item"));
        List<String> expected = newest(history);
        Run run = Run.fresh("reread");
        EventStore events = events();
        append(events, history, UpcastOrders.Written::legacy);
        try (ProjectionEngine engine = engine(events, run, ProjectionMode.PERSISTENT, 20)) {
            engine.start();
            assertThat(engine.awaitCaughtUp(WAIT)).isTrue();
        }
        // as if the process died after the writes and before the checkpoint, every batch since the start
        readModels().checkpoints().store(new Checkpoint(run.projection().name(), 0));
        try (ProjectionEngine engine = engine(events, run, ProjectionMode.PERSISTENT, 15)) {
            engine.start();
            assertThat(engine.awaitCaughtUp(WAIT)).isTrue();
            assertThat(model(run)).isEqualTo(expected);
        }
    }

    @Test
    void oldShapesAppendedThroughTheEngineAreUpcastInlineOrByTheLiveRunner() throws InterruptedException {
        List<UpcastOrders.Written> history = UpcastOrders.history(new Random(21), ORDERS);
        List<String> expected = newest(history);
        Run run = Run.fresh("appended");
        // inline where the event store can share its transaction with the store, else live, as the history comes
        ProjectionMode mode = supportsInline() ? ProjectionMode.INLINE : ProjectionMode.PERSISTENT;
        try (ProjectionEngine engine = engine(events(), run, mode, 10)) {
            engine.start();
            for (int i = 0; i < history.size(); i++) {
                engine.append("order-" + i, ExpectedVersion.NO_STREAM, history.get(i).legacy());
            }
            if (mode == ProjectionMode.PERSISTENT) {
                assertThat(engine.awaitCaughtUp(WAIT)).isTrue();
            }
            assertThat(model(run)).isEqualTo(expected);
        }
    }
}
