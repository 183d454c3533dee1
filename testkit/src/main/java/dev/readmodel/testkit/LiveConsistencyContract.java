package dev.readmodel.testkit;

import static dev.readmodel.testkit.LiveCounters.COUNTERS;
import static dev.readmodel.testkit.LiveCounters.bump;
import static dev.readmodel.testkit.LiveCounters.byKey;
import static dev.readmodel.testkit.LiveCounters.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.change.CommitNotice;
import dev.readmodel.core.change.Committed;
import dev.readmodel.core.change.SubscriptionOptions;
import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.error.ProjectionFailedException;
import dev.readmodel.core.event.AppendResult;
import dev.readmodel.core.event.EventStore;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.query.Consistency;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.core.status.QueryCacheStats;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * What commit notices, read-your-writes and the query cache promise on a real store: notices that add up
 * to the store's contents, {@code Consistency.atLeast} that always sees the caller's write, and cached
 * answers never older than a checkpoint the caller observed. Each store's integration test extends this
 * class and returns its stores; the read models used here are truncated before each test.
 */
public abstract class LiveConsistencyContract {
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<ReadModel> ORDER_MODELS = List.of(SampleOrders.ORDERS, SampleOrders.CUSTOMERS);

    /**
     * The stores of one test.
     *
     * @param events an event store that takes concurrent appends, fresh for each test
     * @param readModels the store under test
     */
    public record Stores(EventStore events, ReadModelStore readModels) {
    }

    /** The stores for the next test; called before each one. */
    protected abstract Stores stores();

    /**
     * Whether {@link Stores#events()} runs inline projections in its transactions with this read-model store;
     * when not, the inline case checks that such an append is refused whole.
     */
    protected boolean supportsInline() {
        return false;
    }

    private Stores stores;
    private String projection;

    @BeforeEach
    void cleanReadModels(TestInfo test) {
        stores = stores();
        projection = "live-" + test.getTestMethod().orElseThrow().getName().toLowerCase().substring(0, 12) + "-"
                + RUNS.incrementAndGet();
        for (List<ReadModel> models : List.of(ORDER_MODELS, List.of(COUNTERS))) {
            stores.readModels().prepare(models);
            stores.readModels().truncate(projection, models);
            stores.readModels().finishRebuild(projection, models);
        }
    }

    private ProjectionEngine.Builder engine(EngineConfig config) {
        return ProjectionEngine.builder(stores.events()).config(config);
    }

    private static EngineConfig config(long pollMillis) {
        return EngineConfig.DEFAULT.withPollInterval(Duration.ofMillis(pollMillis))
                .withRetryDelays(Duration.ofMillis(5), Duration.ofMillis(100));
    }

    @Test
    void noticesFoldedTogetherEqualTheStoreAfterARandomHistory() throws Exception {
        Map<String, Document> folded = new LinkedHashMap<>();
        try (ProjectionEngine engine = engine(config(10))
                .register(SampleOrders.projection(projection), stores.readModels(), ProjectionMode.PERSISTENT).build()) {
            engine.subscribe(notice -> {
                if (notice instanceof Committed committed) {
                    synchronized (folded) {
                        committed.changes().forEach(c -> c.document().ifPresentOrElse(
                                d -> folded.put(c.readModel() + "/" + c.id(), withoutKey(c.readModel(), d)),
                                () -> folded.remove(c.readModel() + "/" + c.id())));
                    }
                }
            }, SubscriptionOptions.all());
            engine.start();
            SampleOrders.appendTo(stores.events(), SampleOrders.history(new Random(11), 150), "");
            assertThat(engine.awaitCaughtUp(WAIT)).isTrue();
            Map<String, Document> expected = new LinkedHashMap<>();
            StoreContents.of(stores.readModels(), ORDER_MODELS).forEach((model, documents) -> documents.forEach(
                    d -> expected.put(model + "/" + d.string(keyOf(model)), withoutKey(model, d))));
            assertThat(expected).hasSizeGreaterThan(100);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!copy(folded).equals(expected) && System.nanoTime() < deadline) {
                Thread.sleep(10); // notices are delivered on the engine's threads, just after the commit
            }
            assertThat(copy(folded)).isEqualTo(expected);
        }
    }

    private static String keyOf(String model) {
        return ORDER_MODELS.stream().filter(m -> m.name().equals(model)).findFirst().orElseThrow().keyField();
    }

    private static Document withoutKey(String model, Document document) {
        return document.without(keyOf(model));
    }

    private static Map<String, Document> copy(Map<String, Document> folded) {
        synchronized (folded) {
            return new LinkedHashMap<>(folded);
        }
    }

    @Test
    void aQueryAtLeastTheAppendsPositionAlwaysSeesItWhereAPlainQueryIsSometimesStale() throws Exception {
        int threads = 4;
        int trials = 250; // per thread: 1,000 in all, each way
        AtomicLong stale = new AtomicLong();
        try (ProjectionEngine engine = engine(config(50))
                .register(LiveCounters.projection(projection, 1), stores.readModels(), ProjectionMode.PERSISTENT)
                .build()) {
            engine.start();
            Parallel.run(threads, thread -> {
                Map<String, Long> written = new LinkedHashMap<>();
                Random random = new Random(thread);
                for (int trial = 0; trial < 2 * trials; trial++) {
                    String key = "t" + thread + "-" + random.nextInt(5);
                    AppendResult appended = stores.events().append(key, ExpectedVersion.ANY, bump(key));
                    long expected = written.merge(key, 1L, Long::sum);
                    try {
                        if (trial < trials) {
                            List<Document> answer = engine.query(COUNTERS.name(), byKey(key),
                                    Consistency.atLeast(appended.lastPosition(), Duration.ofSeconds(10)));
                            assertThat(count(answer)).as("read-your-writes of %s at [%s]", key,
                                    appended.lastPosition()).isEqualTo(expected);
                        } else if (count(engine.query(COUNTERS.name(), byKey(key))) < expected) {
                            stale.incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
        }
        System.out.println(getClass().getSimpleName() + ": " + stale + " of " + threads * trials
                + " queries without Consistency.atLeast were stale; none with it");
        assertThat(stale.get()).as("a slow projection shows stale answers without the wait").isPositive();
    }

    @Test
    void aCachedAnswerIsNeverOlderThanTheCheckpointObservedBeforeTheQuery() throws Exception {
        record Sample(String key, long observed, long count) {
        }
        List<long[]> appended = new CopyOnWriteArrayList<>(); // {position, key number}
        List<Sample> samples = new CopyOnWriteArrayList<>();
        int keys = 8;
        AtomicInteger appendersLeft = new AtomicInteger(2);
        AtomicInteger duringAppends = new AtomicInteger();
        try (ProjectionEngine engine = engine(config(5).withQueryCacheSize(100))
                .register(LiveCounters.projection(projection, 0), stores.readModels(), ProjectionMode.PERSISTENT)
                .build()) {
            engine.start();
            Parallel.run(4, thread -> {
                Random random = new Random(100 + thread);
                if (thread < 2) {
                    for (int i = 0; i < 300; i++) {
                        int key = random.nextInt(keys);
                        appended.add(new long[] {stores.events().append("k" + key, ExpectedVersion.ANY,
                                bump("k" + key)).lastPosition(), key});
                        pause(); // spread the appends so that the queries run among the commits
                    }
                    appendersLeft.decrementAndGet();
                    return;
                }
                for (int round = 0; appendersLeft.get() > 0 || round < 200; round++) {
                    long observed = engine.status(projection).checkpoint();
                    if (appendersLeft.get() > 0) {
                        duringAppends.incrementAndGet();
                    }
                    if (round % 4 == 0) {
                        long total = engine.query(COUNTERS.name(), Query.builder().orderBy("key").limit(100).build())
                                .stream().mapToLong(d -> d.longValue("count", 0)).sum();
                        samples.add(new Sample(null, observed, total));
                    } else {
                        int key = random.nextInt(keys);
                        samples.add(new Sample("k" + key, observed, count(engine.query(COUNTERS.name(),
                                byKey("k" + key)))));
                    }
                }
            });
            assertThat(engine.awaitCaughtUp(WAIT)).isTrue();
            for (Sample sample : samples) {
                long atLeast = appended.stream().filter(a -> a[0] <= sample.observed())
                        .filter(a -> sample.key() == null || sample.key().equals("k" + a[1])).count();
                assertThat(sample.count()).as("%s answered after checkpoint [%s] was observed", sample.key() == null
                        ? "the list" : sample.key(), sample.observed()).isGreaterThanOrEqualTo(atLeast);
            }
            for (int key = 0; key < keys; key++) {
                int k = key;
                assertThat(count(engine.query(COUNTERS.name(), byKey("k" + key)))).as("final count of k%s", key)
                        .isEqualTo(appended.stream().filter(a -> a[1] == k).count());
            }
            QueryCacheStats stats = engine.status(projection).queryCache();
            System.out.println(getClass().getSimpleName() + ": " + samples.size() + " cached queries checked ("
                    + duringAppends + " while appending), " + stats);
            assertThat(duringAppends.get()).as("queries ran among the commits").isGreaterThan(100);
            assertThat(stats.hits()).as("the cache answered some queries").isPositive();
            assertThat(stats.misses()).as("commits dropped answers").isGreaterThan(keys);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aPositionReachedWhileCatchingUpIsReadableOnceAwaited() throws Exception {
        int backlog = 40;
        for (int i = 0; i < backlog; i++) {
            stores.events().append("c" + i, ExpectedVersion.ANY, bump("c" + i));
        }
        // batches of one: every batch but the last is a catch-up batch, not reaching the head
        try (ProjectionEngine engine = engine(config(10).withBatchSize(1))
                .register(LiveCounters.projection(projection, 0), stores.readModels(), ProjectionMode.PERSISTENT)
                .build()) {
            engine.start();
            for (int i = 0; i < backlog; i++) {
                List<Document> answer = engine.query(COUNTERS.name(), byKey("c" + i),
                        Consistency.atLeast(i + 1, Duration.ofSeconds(10)));
                assertThat(count(answer)).as("c%s after position [%s] was awaited", i, i + 1).isEqualTo(1);
            }
        }
    }

    @Test
    void anInlineAppendThatFailsIsNeitherAnnouncedNorApplied() throws Exception {
        if (!supportsInline()) {
            aStoreThatCannotShareTheAppendsTransactionRefusesItAndNothingIsAnnounced();
            return;
        }
        List<CommitNotice> notices = new CopyOnWriteArrayList<>();
        try (ProjectionEngine engine = engine(config(10))
                .register(LiveCounters.projection(projection, 0), stores.readModels(), ProjectionMode.INLINE).build()) {
            engine.start();
            long good = engine.append("good", ExpectedVersion.ANY, bump("good")).lastPosition();
            engine.subscribe(notices::add, SubscriptionOptions.all());
            assertThatThrownBy(() -> engine.append("bad", ExpectedVersion.ANY, bump("bad-1")))
                    .isInstanceOf(ProjectionFailedException.class).hasMessageContaining("[" + projection + "]");
            Thread.sleep(300); // a notice published by mistake would have been delivered by now
            assertThat(notices).isEmpty();
            assertThat(stores.events().readStream("bad")).isEmpty();
            assertThat(count(engine.query(COUNTERS.name(), byKey("good")))).isEqualTo(1);
            assertThat(engine.query(COUNTERS.name(), byKey("bad-1"))).isEmpty();
            assertThat(stores.readModels().checkpoint(projection)).isEqualTo(good);

            long next = engine.append("good", ExpectedVersion.ANY, bump("good")).lastPosition();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (notices.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(notices).singleElement().satisfies(n -> {
                assertThat(n.position()).isEqualTo(next);
                assertThat(((Committed) n).changes()).singleElement()
                        .satisfies(c -> assertThat(c.document().orElseThrow().longValue("count", 0)).isEqualTo(2));
            });
        }
    }

    /** For a store that cannot join the event store's transaction: the inline append fails whole. */
    private void aStoreThatCannotShareTheAppendsTransactionRefusesItAndNothingIsAnnounced() throws Exception {
        List<CommitNotice> notices = new CopyOnWriteArrayList<>();
        try (ProjectionEngine engine = engine(config(10))
                .register(LiveCounters.projection(projection, 0), stores.readModels(), ProjectionMode.INLINE).build()) {
            engine.start();
            engine.subscribe(notices::add, SubscriptionOptions.all());
            assertThatThrownBy(() -> engine.append("refused", ExpectedVersion.ANY, bump("refused-1")))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("INLINE");
            Thread.sleep(300); // a notice published by mistake would have been delivered by now
            assertThat(notices).isEmpty();
            assertThat(stores.events().readStream("refused")).as("the append rolled back").isEmpty();
            assertThat(engine.query(COUNTERS.name(), byKey("refused-1"))).isEmpty();
        }
    }
}
