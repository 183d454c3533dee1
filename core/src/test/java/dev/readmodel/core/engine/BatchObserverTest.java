package dev.readmodel.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.status.BatchTiming;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Batch observers: every committed batch's figures, on the projection's thread, until the handle closes. */
class BatchObserverTest {
    private final InMemoryEventStore events = new InMemoryEventStore();

    @Test
    void everyCommittedBatchIsTimedWithItsEventsWritesAndCheckpointUntilTheHandleCloses() throws Exception {
        for (int i = 1; i <= 12; i++) {
            events.append("o-" + i, ExpectedVersion.NO_STREAM, List.of(
                    NewEvent.of("order.created", new TestDomain.OrderCreated("o-" + i, "c-1")),
                    NewEvent.of("order.item_added", new TestDomain.ItemAdded("o-" + i, BigDecimal.ONE))));
        }
        List<BatchTiming> seen = new CopyOnWriteArrayList<>();
        try (ProjectionEngine engine = ProjectionEngine.builder(events).config(EngineConfig.DEFAULT.withBatchSize(5))
                .register(TestDomain.orders(), new InMemoryReadModelStore(), ProjectionMode.PERSISTENT).build()) {
            AutoCloseable handle = engine.observeBatches(seen::add);
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();

            assertThat(seen).isNotEmpty().allSatisfy(t -> {
                assertThat(t.projection()).isEqualTo("orders");
                assertThat(t.rebuild()).isFalse();
                assertThat(t.apply().isNegative()).isFalse();
                assertThat(t.commit().isNegative()).isFalse();
                assertThat(t.events()).isBetween(0, 5);
            });
            assertThat(seen.stream().mapToInt(BatchTiming::events).sum()).as("every event timed once").isEqualTo(24);
            assertThat(seen.get(seen.size() - 1).position()).isEqualTo(24);
            assertThat(seen.stream().mapToLong(BatchTiming::position)).isSorted();
            // a batch writes each document once: 2 events of one order in a batch are one write
            assertThat(seen.stream().mapToInt(BatchTiming::writes).sum()).isBetween(12, 24);

            handle.close();
            int before = seen.size();
            engine.append("o-13", ExpectedVersion.NO_STREAM,
                    List.of(NewEvent.of("order.created", new TestDomain.OrderCreated("o-13", "c-1"))));
            assertThat(engine.awaitCheckpoint("orders", 25, Duration.ofSeconds(10))).isTrue();
            assertThat(seen).as("closed: no more timings").hasSize(before);
        }
    }

    @Test
    void aRebuildsShadowBatchesAreMarkedAsRebuildAndAFailingObserverDoesNotStopTheProjection() throws Exception {
        for (int i = 1; i <= 6; i++) {
            events.append("o-" + i, ExpectedVersion.NO_STREAM,
                    List.of(NewEvent.of("order.created", new TestDomain.OrderCreated("o-" + i, "c-1"))));
        }
        List<BatchTiming> seen = new CopyOnWriteArrayList<>();
        try (ProjectionEngine engine = ProjectionEngine.builder(events)
                .register(TestDomain.orders(), new InMemoryReadModelStore(), ProjectionMode.PERSISTENT).build()) {
            engine.observeBatches(t -> {
                throw new IllegalStateException("observer broken");
            });
            engine.observeBatches(seen::add);
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
            assertThat(engine.status("orders").lastError()).isEmpty();
            seen.clear();
            engine.rebuild("orders", RebuildOptions.ZERO_DOWNTIME);
            assertThat(seen).anySatisfy(t -> assertThat(t.rebuild()).isTrue());
            assertThat(seen.stream().filter(BatchTiming::rebuild).mapToInt(BatchTiming::events).sum()).isEqualTo(6);
        }
    }
}
