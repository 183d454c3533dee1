package dev.readmodel.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.error.InvalidQueryException;
import dev.readmodel.core.error.ReadModelBehindException;
import dev.readmodel.core.error.TransientException;
import dev.readmodel.core.error.UnknownProjectionException;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.query.Consistency;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.status.QueryCacheStats;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReadYourWritesTest {
    private static final EngineConfig FAST = EngineConfig.DEFAULT.withPollInterval(Duration.ofMillis(5))
            .withRetryDelays(Duration.ofMillis(1), Duration.ofMillis(5));
    private static final Query C1 = Query.builder().where(Filter.eq("customer_id", "c-1")).build();

    private final InMemoryEventStore events = new InMemoryEventStore();
    private final InMemoryReadModelStore store = new InMemoryReadModelStore();

    private ProjectionEngine engine(EngineConfig config) {
        return ProjectionEngine.builder(events).config(config)
                .register(TestDomain.orders(), store, ProjectionMode.PERSISTENT)
                .register(CommitNoticesTest.tallies(), store, ProjectionMode.PERSISTENT).build();
    }

    private long create(String order, String customer) {
        return events.append(order, ExpectedVersion.ANY,
                List.of(NewEvent.of("order.created", new TestDomain.OrderCreated(order, customer)))).lastPosition();
    }

    private static long orders(List<Document> customers) {
        return customers.isEmpty() ? 0 : customers.get(0).longValue("orders", 0);
    }

    @Test
    void aQueryAtLeastAPositionWaitsForTheProjectionToCommitIt() throws Exception {
        try (ProjectionEngine engine = engine(FAST)) {
            engine.start();
            create("o-1", "c-1");
            assertThat(engine.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
            engine.pause("orders");
            long position = create("o-2", "c-1");
            CompletableFuture<List<Document>> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return engine.query("customers", C1, Consistency.atLeast(position, Duration.ofSeconds(10)));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(150);
            assertThat(answer).as("still waiting while the projection is paused").isNotDone();
            assertThat(orders(engine.query("customers", C1))).as("without the wait: stale").isEqualTo(1);
            engine.resume("orders");
            assertThat(orders(answer.get(10, TimeUnit.SECONDS))).isEqualTo(2);
        }
    }

    @Test
    void aQueryWhoseWaitEndsFirstIsRefusedNamingReadModelProjectionPositionAndCheckpoint() throws Exception {
        try (ProjectionEngine engine = engine(FAST)) {
            engine.start();
            long reached = create("o-1", "c-1");
            assertThat(engine.awaitPosition("orders", reached, Duration.ofSeconds(5))).isTrue();
            engine.pause("orders");
            long position = create("o-2", "c-1");
            assertThatThrownBy(() -> engine.query("customers", C1, Consistency.atLeast(position, Duration.ofMillis(50))))
                    .isInstanceOfSatisfying(ReadModelBehindException.class, e -> {
                        assertThat(e.wanted()).isEqualTo(position);
                        assertThat(e.checkpoint()).isEqualTo(reached);
                    })
                    .isInstanceOf(TransientException.class)
                    .hasMessageContaining("[customers]").hasMessageContaining("[orders]")
                    .hasMessageContaining("[" + position + "]").hasMessageContaining("[" + reached + "]");
            assertThat(orders(engine.query("customers", C1, Consistency.ANY))).as("no wait asked: any answer").isEqualTo(1);
        }
    }

    @Test
    void awaitPositionOverSeveralProjectionsWaitsForTheSlowest() throws Exception {
        try (ProjectionEngine engine = engine(FAST)) {
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
            engine.pause("tallies");
            long position = create("o-1", "c-1");
            assertThat(engine.awaitPosition("orders", position, Duration.ofSeconds(5))).isTrue();
            assertThat(engine.awaitPosition(List.of("orders", "tallies"), position, Duration.ofMillis(100))).isFalse();
            engine.resume("tallies");
            assertThat(engine.awaitPosition(List.of("orders", "tallies"), position, Duration.ofSeconds(5))).isTrue();
            assertThat(engine.status("tallies").checkpoint()).isGreaterThanOrEqualTo(position);
            assertThatThrownBy(() -> engine.awaitPosition(List.of("orders", "nope"), position, Duration.ofMillis(10)))
                    .isInstanceOf(UnknownProjectionException.class).hasMessageContaining("nope");
        }
    }

    @Test
    void consistencyAndQueryCacheBoundsAreChecked() {
        assertThatThrownBy(() -> Consistency.atLeast(-1, Duration.ZERO)).isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("[-1]");
        assertThatThrownBy(() -> Consistency.atLeast(1, Duration.ofMinutes(6))).isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("maxWait");
        assertThatThrownBy(() -> EngineConfig.DEFAULT.withQueryCacheSize(-1)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("queryCacheSize").hasMessageContaining("-1");
        assertThatThrownBy(() -> EngineConfig.DEFAULT.withQueryCacheSize(1_000_001))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("queryCacheSize")
                .hasMessageContaining("1000001");
        assertThat(EngineConfig.DEFAULT.withQueryCacheSize(1_000_000).queryCacheSize()).isEqualTo(1_000_000);
        assertThat(EngineConfig.DEFAULT.queryCacheSize()).isZero();
    }

    @Test
    void theStatusCountsQueryCacheHitsMissesAndEntriesAndACommitDropsTheStaleAnswer() throws Exception {
        try (ProjectionEngine engine = engine(FAST.withQueryCacheSize(100))) {
            engine.start();
            create("o-1", "c-1");
            assertThat(engine.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
            assertThat(orders(engine.query("customers", C1))).isEqualTo(1);
            assertThat(orders(engine.query("customers", C1))).isEqualTo(1);
            engine.query("orders", Query.all());
            assertThat(engine.status("orders").queryCache()).isEqualTo(new QueryCacheStats(1, 2, 2));
            assertThat(engine.status("tallies").queryCache()).isEqualTo(QueryCacheStats.NONE);

            long position = create("o-2", "c-1");
            assertThat(orders(engine.query("customers", C1, Consistency.atLeast(position, Duration.ofSeconds(5)))))
                    .as("the commit dropped the cached answer").isEqualTo(2);
            assertThat(engine.query("orders", Query.all())).hasSize(2);
            assertThat(engine.status("orders").queryCache()).isEqualTo(new QueryCacheStats(1, 4, 2));
        }
    }

    @Test
    void withTheCacheOffTheStatusShowsNone() throws Exception {
        try (ProjectionEngine engine = engine(FAST)) {
            engine.start();
            create("o-1", "c-1");
            assertThat(engine.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
            engine.query("customers", C1);
            engine.query("customers", C1);
            assertThat(engine.status("orders").queryCache()).isEqualTo(QueryCacheStats.NONE);
        }
    }
}
