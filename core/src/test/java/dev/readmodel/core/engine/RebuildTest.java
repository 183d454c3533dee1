package dev.readmodel.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.query.Query;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class RebuildTest {
    private static final EngineConfig CONFIG = EngineConfig.DEFAULT.withPollInterval(Duration.ofMillis(5))
            .withRebuildBatchSize(50);

    private final InMemoryEventStore events = new InMemoryEventStore();
    private final InMemoryReadModelStore store = new InMemoryReadModelStore();

    private void appendHistory(long seed, int orders) {
        for (TestDomain.Append a : TestDomain.randomHistory(new Random(seed), orders)) {
            events.append(a.stream(), ExpectedVersion.ANY, List.of(a.event()));
        }
    }


    @Test
    void truncateAndReplayRepairsACorruptedReadModelAndReportsProgress() throws Exception {
        appendHistory(1, 300);
        try (ProjectionEngine engine = ProjectionEngine.builder(events).config(CONFIG)
                .register(TestDomain.orders(), store, ProjectionMode.PERSISTENT).build()) {
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
            engine.pause("orders");
            // corrupt the read model behind the engine's back
            store.commit(new dev.readmodel.core.spi.WriteBatch("orders", List.of(new dev.readmodel.core.spi.DocumentWrite.Put(
                    TestDomain.ORDERS, "o-1", Document.of("order_id", "o-1", "status", "garbage"), 1)),
                    store.checkpoint("orders")));
            engine.resume("orders");

            List<RebuildProgress> progress = new CopyOnWriteArrayList<>();
            RebuildResult result = engine.rebuild("orders", RebuildOptions.TRUNCATE.withListener(progress::add));

            assertThat(result.cancelled()).isFalse();
            assertThat(result.checkpoint()).isEqualTo(events.size());
            assertThat(TestDomain.contents(store)).isEqualTo(TestDomain.cleanReplay(events));
            assertThat(progress).isNotEmpty();
            assertThat(progress).extracting(RebuildProgress::position).isSorted();
            RebuildProgress last = progress.get(progress.size() - 1);
            assertThat(last.position()).isEqualTo(events.size());
            assertThat(last.head()).isEqualTo(events.size());
            assertThat(last.fraction()).isEqualTo(1.0);
            assertThat(last.eventsApplied()).isEqualTo(result.eventsApplied());
        }
    }

    @Test
    void eventsAppendedDuringARebuildAreNotLost() throws Exception {
        appendHistory(2, 400);
        try (ProjectionEngine engine = ProjectionEngine.builder(events).config(CONFIG.withRebuildBatchSize(10))
                .register(TestDomain.orders(), store, ProjectionMode.PERSISTENT).build()) {
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
            AtomicBoolean appended = new AtomicBoolean();
            engine.rebuild("orders", RebuildOptions.TRUNCATE.withListener(p -> {
                if (p.position() > 100 && appended.compareAndSet(false, true)) {
                    events.append("late", ExpectedVersion.NO_STREAM, List.of(NewEvent.of("order.created",
                            new TestDomain.OrderCreated("late", "c-late"))));
                }
            }));
            assertThat(appended).isTrue();
            assertThat(engine.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
            assertThat(engine.query("orders", Query.builder().where(dev.readmodel.core.query.Filter.eq("order_id", "late")).build()))
                    .hasSize(1);
            assertThat(TestDomain.contents(store)).isEqualTo(TestDomain.cleanReplay(events));
        }
    }

    @Test
    void zeroDowntimeRebuildKeepsAnsweringQueriesWithTheOldStateUntilTheSwap() throws Exception {
        appendHistory(3, 300);
        try (ProjectionEngine engine = ProjectionEngine.builder(events).config(CONFIG.withRebuildBatchSize(20))
                .register(TestDomain.orders(), store, ProjectionMode.PERSISTENT).build()) {
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
            int before = engine.query("orders", Query.builder().limit(Query.MAX_LIMIT).build()).size();
            List<Integer> seenDuring = new ArrayList<>();
            RebuildResult result = engine.rebuild("orders", RebuildOptions.ZERO_DOWNTIME.withListener(p ->
                    seenDuring.add(engine.query("orders", Query.builder().limit(Query.MAX_LIMIT).build()).size())));
            assertThat(result.cancelled()).isFalse();
            assertThat(seenDuring).isNotEmpty().allMatch(n -> n == before);
            assertThat(TestDomain.contents(store)).isEqualTo(TestDomain.cleanReplay(events));
            assertThat(store.checkpoint("orders")).isEqualTo(events.size());
        }
    }

    @Test
    void cancellingAZeroDowntimeRebuildLeavesTheLiveReadModelUntouched() throws Exception {
        appendHistory(4, 300);
        try (ProjectionEngine engine = ProjectionEngine.builder(events).config(CONFIG.withRebuildBatchSize(10))
                .register(TestDomain.orders(), store, ProjectionMode.PERSISTENT).build()) {
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
            Map<String, List<Document>> before = TestDomain.contents(store);
            RebuildResult result = engine.rebuild("orders", RebuildOptions.ZERO_DOWNTIME.withListener(p -> {
                if (p.position() > 50) {
                    engine.cancelRebuild("orders");
                }
            }));
            assertThat(result.cancelled()).isTrue();
            assertThat(TestDomain.contents(store)).isEqualTo(before);
            assertThat(store.checkpoint("orders")).isEqualTo(events.size());
        }
    }

    @Test
    void aCancelledTruncateRebuildResumesAndCatchesUp() throws Exception {
        appendHistory(5, 200);
        try (ProjectionEngine engine = ProjectionEngine.builder(events).config(CONFIG.withRebuildBatchSize(10))
                .register(TestDomain.orders(), store, ProjectionMode.PERSISTENT).build()) {
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
            RebuildResult result = engine.rebuild("orders", RebuildOptions.TRUNCATE.withListener(p -> {
                if (p.position() > 30) {
                    engine.cancelRebuild("orders");
                }
            }));
            assertThat(result.cancelled()).isTrue();
            assertThat(result.checkpoint()).isLessThan(events.size());
            assertThat(engine.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
            assertThat(TestDomain.contents(store)).isEqualTo(TestDomain.cleanReplay(events));
        }
    }

    @Test
    void aRebuildOfAnUnknownProjectionOrTwoAtOnceIsRefused() throws Exception {
        appendHistory(6, 50);
        try (ProjectionEngine engine = ProjectionEngine.builder(events).config(CONFIG.withRebuildBatchSize(1))
                .register(TestDomain.orders(), store, ProjectionMode.PERSISTENT).build()) {
            engine.start();
            assertThatThrownBy(() -> engine.rebuild("nope", RebuildOptions.TRUNCATE))
                    .isInstanceOf(dev.readmodel.core.error.UnknownProjectionException.class);
            List<Throwable> nested = new ArrayList<>();
            engine.rebuild("orders", RebuildOptions.TRUNCATE.withListener(p -> {
                if (nested.isEmpty()) {
                    try {
                        engine.rebuild("orders", RebuildOptions.TRUNCATE);
                    } catch (RuntimeException e) {
                        nested.add(e);
                    }
                }
            }));
            assertThat(nested).singleElement().satisfies(e -> assertThat(e).hasMessageContaining("already being rebuilt"));
        }
    }
}
