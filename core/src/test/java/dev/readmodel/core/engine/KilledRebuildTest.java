package dev.readmodel.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.error.ReadModelRebuildingException;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.Checkpoint;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.spi.CheckpointStore;
import dev.readmodel.core.spi.ForwardingReadModelStore;
import dev.readmodel.core.spi.RebuildTarget;
import dev.readmodel.core.spi.StoredDocument;
import dev.readmodel.core.spi.WriteBatch;
import dev.readmodel.core.status.ProjectionStatus;
import dev.readmodel.core.status.RebuildMarker;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A rebuild killed at a random step: the marker it leaves is truthful (no marker means whole read
 * models; a truncate marker means partial ones, counted by the checkpoint), queries can tell or are
 * refused, and the next start finishes the rebuild into the state of one clean replay.
 */
class KilledRebuildTest {
    private static final EngineConfig CONFIG = EngineConfig.DEFAULT.withPollInterval(Duration.ofMillis(5))
            .withRetryDelays(Duration.ofMillis(1), Duration.ofMillis(2)).withBatchSize(7).withRebuildBatchSize(9);

    private final InMemoryEventStore events = new InMemoryEventStore();
    private final InMemoryReadModelStore memory = new InMemoryReadModelStore();

    private static final Map<Long, Boolean> KILLS = new java.util.concurrent.ConcurrentHashMap<>();

    @org.junit.jupiter.api.AfterAll
    static void mostSeedsKilledTheRebuild() {
        assertThat(KILLS.values().stream().filter(k -> k).count()).as("rebuilds killed, of %s", KILLS.size())
                .isGreaterThan(KILLS.size() * 2L / 3);
    }

    static List<Long> seeds() {
        Random seeds = new Random(20261201);
        return java.util.stream.LongStream.range(0, 30).map(i -> seeds.nextLong()).boxed().toList();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aTruncateRebuildKilledAtAnyStepIsMarkedPartialAndFinishesOnTheNextStart(long seed) throws Exception {
        Random random = new Random(seed);
        append(random, 60 + random.nextInt(60));
        catchUp(memory);
        Map<String, List<Document>> expected = TestDomain.cleanReplay(events);
        // the rebuild's steps: 2 marker writes, 1 truncate, a commit per batch of 9 events, 1 clear
        KillingStore killing = new KillingStore(memory, random.nextInt(4 + (int) events.size() / 9));

        try (ProjectionEngine engine = engine(killing).build()) {
            engine.rebuild("orders", RebuildOptions.TRUNCATE);
            KILLS.put(seed, false);
        } catch (CrashingStore.SimulatedCrash | dev.readmodel.core.error.ReadModelException e) {
            assertThat(e).hasStackTraceContaining("kill -9");
            KILLS.put(seed, true);
        }

        try (ProjectionEngine engine = engine(memory).refusePartialQueries().build()) {
            ProjectionStatus status = engine.status("orders");
            if (status.rebuild().isEmpty()) {
                assertThat(engine.isPartial("orders")).isFalse();
                assertThat(TestDomain.contents(memory)).as("no marker: whole read models").isEqualTo(expected);
            } else {
                RebuildMarker marker = status.rebuild().get();
                assertThat(marker.kind()).isEqualTo(RebuildMarker.Kind.TRUNCATE);
                assertThat(marker.running()).isFalse();
                assertThat(marker.target()).isEqualTo(events.size());
                assertThat(marker.position()).isLessThanOrEqualTo(memory.checkpoint("orders"));
                assertThat(status.partial()).isTrue();
                assertThat(engine.isPartial("orders")).isTrue();
                assertThat(engine.isPartial("customers")).isTrue();
                assertThatThrownBy(() -> engine.query("orders", Query.all()))
                        .isInstanceOf(ReadModelRebuildingException.class)
                        .hasMessageContaining("[orders]").hasMessageContaining("truncate rebuild interrupted")
                        .hasMessageContaining("of [" + events.size() + "]")
                        .satisfies(e -> assertThat(((ReadModelRebuildingException) e).isTransient()).isTrue());
            }
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
            assertThat(engine.status("orders").rebuild()).as("finished on start").isEmpty();
            assertThat(engine.isPartial("orders")).isFalse();
            assertThat(engine.query("orders", Query.all())).isNotEmpty();
        }
        assertThat(TestDomain.contents(memory)).isEqualTo(expected);
        try (ProjectionEngine engine = engine(memory).build()) {
            assertThat(engine.status("orders").rebuild()).as("cleared in the store too").isEmpty();
        }
    }

    @Test
    void aKilledTruncateRebuildStaysMarkedWhileTheNewProcessResumesIt() throws Exception {
        append(new Random(3), 200);
        catchUp(memory);
        try (ProjectionEngine engine = engine(new KillingStore(memory, 8)).build()) {
            assertThatThrownBy(() -> engine.rebuild("orders", RebuildOptions.TRUNCATE)).hasStackTraceContaining("kill -9");
        }
        AtomicInteger commitsSeen = new AtomicInteger();
        RebuildMarker[] duringResume = new RebuildMarker[1];
        ProjectionEngine[] holder = new ProjectionEngine[1];
        ForwardingReadModelStore watching = new ForwardingReadModelStore(memory) {
            @Override
            public void commit(WriteBatch batch) {
                if (commitsSeen.incrementAndGet() == 3) {
                    duringResume[0] = holder[0].status("orders").rebuild().orElse(null);
                }
                delegate.commit(batch);
            }
        };
        try (ProjectionEngine engine = engine(watching).build()) {
            holder[0] = engine;
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(duringResume[0]).isNotNull();
        assertThat(duringResume[0].running()).isTrue();
        assertThat(duringResume[0].partial()).isTrue();
        assertThat(duringResume[0].describe()).startsWith("truncate rebuild running at [");
        assertThat(TestDomain.contents(memory)).isEqualTo(TestDomain.cleanReplay(events));
    }

    @Test
    void anInlineProjectionFinishesItsKilledTruncateRebuildWhileStarting() throws Exception {
        append(new Random(6), 150);
        catchUp(memory);
        try (ProjectionEngine engine = engine(new KillingStore(memory, 6)).build()) {
            assertThatThrownBy(() -> engine.rebuild("orders", RebuildOptions.TRUNCATE)).hasStackTraceContaining("kill -9");
        }
        try (ProjectionEngine engine = ProjectionEngine.builder(events).config(CONFIG)
                .register(TestDomain.orders(), memory, ProjectionMode.INLINE).build()) {
            assertThat(engine.isPartial("orders")).isTrue();
            engine.start(); // inline projections catch up on this thread, the rebuild first
            assertThat(engine.isPartial("orders")).isFalse();
            assertThat(engine.status("orders").rebuild()).isEmpty();
        }
        assertThat(TestDomain.contents(memory)).isEqualTo(TestDomain.cleanReplay(events));
    }

    @Test
    void aReplayKilledAfterItsLastCheckpointButBeforeTheClearIsWholeNotPartial() throws Exception {
        append(new Random(8), 120);
        catchUp(memory);
        long head = memory.checkpoint("orders");
        // the replay's last batch went past the head it started at (appends went on), then the kill came
        RebuildMarkers.store(memory.checkpoints(), "orders", new RebuildMarkers.Stored(RebuildMarkers.Phase.REPLAYING, head - 5));
        try (ProjectionEngine engine = engine(memory).refusePartialQueries().build()) {
            assertThat(engine.status("orders").rebuild()).as("the read models are whole").isEmpty();
            assertThat(engine.isPartial("orders")).isFalse();
            assertThat(engine.query("orders", Query.all())).isNotEmpty();
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (RebuildMarkers.load(memory.checkpoints(), "orders") != null && System.nanoTime() < deadline) {
                Thread.sleep(5); // the runner's thread resumes, replays nothing and clears it
            }
            assertThat(RebuildMarkers.load(memory.checkpoints(), "orders")).as("cleared by the start").isNull();
        }
        assertThat(TestDomain.contents(memory)).isEqualTo(TestDomain.cleanReplay(events));
    }

    @Test
    void aKilledZeroDowntimeRebuildKeepsServingTheWholeOldModelAndSaysSo() throws Exception {
        append(new Random(4), 150);
        catchUp(memory);
        Map<String, List<Document>> before = TestDomain.contents(memory);
        long checkpoint = memory.checkpoint("orders");
        try (ProjectionEngine engine = engine(new KillingStore(memory, 5)).build()) {
            assertThatThrownBy(() -> engine.rebuild("orders", RebuildOptions.ZERO_DOWNTIME)).hasStackTraceContaining("kill -9");
        }
        try (ProjectionEngine engine = engine(memory).refusePartialQueries().build()) {
            RebuildMarker marker = engine.status("orders").rebuild().orElseThrow();
            assertThat(marker.kind()).isEqualTo(RebuildMarker.Kind.ZERO_DOWNTIME);
            assertThat(marker.partial()).isFalse();
            assertThat(marker.describe()).contains("interrupted").contains("the previous read models serve");
            assertThat(engine.isPartial("orders")).isFalse();
            assertThat(engine.query("orders", Query.all())).as("answered, not refused").isNotEmpty();
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
            assertThat(engine.status("orders").rebuild()).as("not resumed: it is reported").isPresent();
            assertThat(memory.checkpoint("orders")).isEqualTo(checkpoint);
            assertThat(TestDomain.contents(memory)).isEqualTo(before);

            engine.rebuild("orders", RebuildOptions.ZERO_DOWNTIME);
            assertThat(engine.status("orders").rebuild()).as("a rebuild that finishes clears it").isEmpty();
        }
    }

    @Test
    void aCancelledTruncateRebuildStaysPartialUntilTheRunnerReachesItsTarget() throws Exception {
        append(new Random(5), 300);
        try (ProjectionEngine engine = engine(memory).build()) {
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
            engine.pause("orders");
            RebuildMarker[] seen = new RebuildMarker[1];
            RebuildResult result = engine.rebuild("orders", RebuildOptions.TRUNCATE.withListener(p -> {
                seen[0] = engine.status("orders").rebuild().orElse(null);
                engine.cancelRebuild("orders");
            }));
            assertThat(result.cancelled()).isTrue();
            assertThat(seen[0].running()).isTrue();
            assertThat(engine.isPartial("orders")).isTrue();
            assertThat(engine.status("orders").rebuild().orElseThrow().running()).isFalse();
            engine.resume("orders");
            assertThat(engine.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (engine.isPartial("orders") && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(engine.isPartial("orders")).isFalse();
        }
        assertThat(TestDomain.contents(memory)).isEqualTo(TestDomain.cleanReplay(events));
    }

    private void append(Random random, int orders) {
        for (TestDomain.Append a : TestDomain.randomHistory(random, orders)) {
            events.append(a.stream(), ExpectedVersion.ANY, List.of(a.event()));
        }
    }

    private ProjectionEngine.Builder engine(dev.readmodel.core.spi.ReadModelStore store) {
        return ProjectionEngine.builder(events).config(CONFIG).register(TestDomain.orders(), store, ProjectionMode.PERSISTENT);
    }

    private void catchUp(dev.readmodel.core.spi.ReadModelStore store) throws Exception {
        try (ProjectionEngine engine = engine(store).build()) {
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
        }
    }

    /**
     * Dies (an Error, as the process would) before its {@code killAt}-th step: a marker write, a
     * truncate, a commit into the live or the shadow read models, or a swap.
     */
    private static final class KillingStore extends ForwardingReadModelStore {
        private final int killAt;
        private final AtomicInteger steps = new AtomicInteger();
        private final CheckpointStore checkpoints;

        KillingStore(InMemoryReadModelStore memory, int killAt) {
            super(memory);
            this.killAt = killAt;
            CheckpointStore inner = memory.checkpoints();
            this.checkpoints = new CheckpointStore() {
                @Override
                public long load(String projection) {
                    return inner.load(projection);
                }

                @Override
                public void store(Checkpoint checkpoint) {
                    step("writing [" + checkpoint.projection() + "]");
                    inner.store(checkpoint);
                }
            };
        }

        void step(String what) {
            if (steps.getAndIncrement() >= killAt) {
                throw new CrashingStore.SimulatedCrash("(kill -9) " + what);
            }
        }

        @Override
        public CheckpointStore checkpoints() {
            return checkpoints;
        }

        @Override
        public void truncate(String projection, List<ReadModel> models) {
            step("truncating");
            delegate.truncate(projection, models);
        }

        @Override
        public void commit(WriteBatch batch) {
            step("committing");
            delegate.commit(batch);
        }

        @Override
        public RebuildTarget beginRebuild(String projection, List<ReadModel> models) {
            RebuildTarget shadow = delegate.beginRebuild(projection, models);
            return new RebuildTarget() {
                @Override
                public Map<String, StoredDocument> load(ReadModel model, Collection<String> ids) {
                    return shadow.load(model, ids);
                }

                @Override
                public void commit(WriteBatch batch) {
                    step("committing to the shadow");
                    shadow.commit(batch);
                }

                @Override
                public long checkpoint(String name) {
                    return shadow.checkpoint(name);
                }

                @Override
                public void swap() {
                    step("swapping");
                    shadow.swap();
                }

                @Override
                public void abort() {
                    // a killed process aborts nothing
                    throw new CrashingStore.SimulatedCrash("(kill -9) before the abort");
                }
            };
        }
    }
}
