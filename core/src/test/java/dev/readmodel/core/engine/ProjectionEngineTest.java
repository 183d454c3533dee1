package dev.readmodel.core.engine;

import static dev.readmodel.core.engine.TestDomain.CUSTOMERS;
import static dev.readmodel.core.engine.TestDomain.ORDERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.error.InvalidQueryException;
import dev.readmodel.core.error.UnknownProjectionException;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.status.ProjectionState;
import dev.readmodel.core.status.ProjectionStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProjectionEngineTest {
    private static final EngineConfig FAST = EngineConfig.DEFAULT.withPollInterval(Duration.ofMillis(10))
            .withRetryDelays(Duration.ofMillis(1), Duration.ofMillis(5));

    private final InMemoryEventStore events = new InMemoryEventStore();
    private final InMemoryReadModelStore store = new InMemoryReadModelStore();

    private void append(String stream, NewEvent... newEvents) {
        events.append(stream, ExpectedVersion.ANY, List.of(newEvents));
    }

    private ProjectionEngine engine(ProjectionMode mode) {
        return ProjectionEngine.builder(events).config(FAST).register(TestDomain.orders(), store, mode).build();
    }

    @Test
    void persistentProjectionCatchesUpThenAppliesNewEventsLive() throws Exception {
        append("o-1", NewEvent.of("order.created", new TestDomain.OrderCreated("o-1", "c-1")),
                NewEvent.of("order.item_added", new TestDomain.ItemAdded("o-1", new BigDecimal("10.00"))));
        try (ProjectionEngine engine = engine(ProjectionMode.PERSISTENT)) {
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
            append("o-1", NewEvent.of("order.item_added", new TestDomain.ItemAdded("o-1", new BigDecimal("2.50"))));
            assertThat(engine.awaitCheckpoint("orders", 3, Duration.ofSeconds(5))).isTrue();

            Document order = engine.query("orders", Query.all()).get(0);
            assertThat(order.decimal("total", null)).isEqualByComparingTo("12.50");
            assertThat(order.longValue("items", 0)).isEqualTo(2);

            ProjectionStatus status = engine.status("orders");
            assertThat(status.checkpoint()).isEqualTo(3);
            assertThat(status.head()).isEqualTo(3);
            assertThat(status.lagEvents()).isZero();
            assertThat(status.eventsApplied()).isEqualTo(3);
            assertThat(status.lastError()).isEmpty();
            waitForState(engine, ProjectionState.LIVE);
        }
    }

    @Test
    void persistentProjectionResumesFromItsCheckpointAfterARestart() throws Exception {
        append("o-1", NewEvent.of("order.created", new TestDomain.OrderCreated("o-1", "c-1")));
        try (ProjectionEngine engine = engine(ProjectionMode.PERSISTENT)) {
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
        }
        append("o-1", NewEvent.of("order.item_added", new TestDomain.ItemAdded("o-1", new BigDecimal("1.00"))));
        try (ProjectionEngine engine = engine(ProjectionMode.PERSISTENT)) {
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
            assertThat(engine.status("orders").eventsApplied()).as("only the new event is read again").isEqualTo(1);
            Document customer = engine.query("customers", Query.all()).get(0);
            assertThat(customer.longValue("orders", 0)).as("order.created applied once").isEqualTo(1);
        }
    }

    @Test
    void catchUpModeStopsAtTheHeadItSawAtStart() throws Exception {
        append("o-1", NewEvent.of("order.created", new TestDomain.OrderCreated("o-1", "c-1")));
        try (ProjectionEngine engine = engine(ProjectionMode.CATCH_UP)) {
            engine.start();
            waitForState(engine, ProjectionState.STOPPED);
            append("o-2", NewEvent.of("order.created", new TestDomain.OrderCreated("o-2", "c-1")));
            Thread.sleep(100);
            assertThat(engine.status("orders").checkpoint()).isEqualTo(1);
            assertThat(engine.query("orders", Query.all())).hasSize(1);
        }
    }

    @Test
    void liveModeIgnoresHistoryAndAppliesOnlyNewEvents() throws Exception {
        append("o-1", NewEvent.of("order.created", new TestDomain.OrderCreated("o-1", "c-1")));
        try (ProjectionEngine engine = engine(ProjectionMode.LIVE)) {
            engine.start();
            waitForState(engine, ProjectionState.LIVE);
            append("o-2", NewEvent.of("order.created", new TestDomain.OrderCreated("o-2", "c-1")));
            assertThat(engine.awaitCheckpoint("orders", 2, Duration.ofSeconds(5))).isTrue();
            assertThat(engine.query("orders", Query.all())).extracting(d -> d.string("order_id")).containsExactly("o-2");
        }
    }

    @Test
    void checkpointMovesPastEventsTheProjectionDoesNotHandle() throws Exception {
        append("o-1", NewEvent.of("order.created", new TestDomain.OrderCreated("o-1", "c-1")));
        for (int i = 0; i < 50; i++) {
            append("noise", NewEvent.of("noise.ping", Map.of("i", i)));
        }
        try (ProjectionEngine engine = engine(ProjectionMode.PERSISTENT)) {
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
            ProjectionStatus status = engine.status("orders");
            assertThat(status.checkpoint()).isEqualTo(51);
            assertThat(status.eventsApplied()).isEqualTo(1);
        }
    }

    @Test
    void manyEventsOnFewDocumentsWriteEachDocumentOncePerBatch() throws Exception {
        CountingStore counting = new CountingStore(store);
        append("o-1", NewEvent.of("order.created", new TestDomain.OrderCreated("o-1", "c-1")));
        for (int i = 0; i < 999; i++) {
            append("o-1", NewEvent.of("order.item_added", new TestDomain.ItemAdded("o-1", BigDecimal.ONE)));
        }
        try (ProjectionEngine engine = ProjectionEngine.builder(events).config(FAST.withBatchSize(500))
                .register(TestDomain.orders(), counting, ProjectionMode.PERSISTENT).build()) {
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
            assertThat(engine.query("orders", Query.all()).get(0).longValue("items", 0)).isEqualTo(999);
        }
        assertThat(counting.commits).isEqualTo(2);
        assertThat(counting.writes).as("order and customer in the first batch, order in the second").isEqualTo(3);
        assertThat(counting.loads).as("the cache serves the second batch").isLessThanOrEqualTo(2);
    }

    @Test
    void catchUpBatchesTellTheStoreTheyDoNotReachTheHeadAndTheLastAndLiveOnesThatTheyDo() throws Exception {
        CountingStore counting = new CountingStore(store);
        for (int i = 0; i < 1000; i++) {
            append("o-" + i, NewEvent.of("order.created", new TestDomain.OrderCreated("o-" + i, "c-1")));
        }
        try (ProjectionEngine engine = ProjectionEngine.builder(events).config(FAST.withBatchSize(300))
                .register(TestDomain.orders(), counting, ProjectionMode.PERSISTENT).build()) {
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
            assertThat(counting.reachedHead).containsExactly(false, false, false, true);
            append("o-live", NewEvent.of("order.created", new TestDomain.OrderCreated("o-live", "c-1")));
            assertThat(engine.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
            assertThat(counting.reachedHead).containsExactly(false, false, false, true, true);
        }
    }

    @Test
    void queriesGoToTheOwningProjectionsStoreAndAreChecked() throws Exception {
        append("o-1", NewEvent.of("order.created", new TestDomain.OrderCreated("o-1", "c-1")));
        append("o-2", NewEvent.of("order.created", new TestDomain.OrderCreated("o-2", "c-2")));
        append("o-2", NewEvent.of("order.item_added", new TestDomain.ItemAdded("o-2", new BigDecimal("5"))));
        try (ProjectionEngine engine = engine(ProjectionMode.PERSISTENT)) {
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
            assertThat(engine.query("orders", Query.builder().where(Filter.gt("total", "1")).build()))
                    .extracting(d -> d.string("order_id")).containsExactly("o-2");
            assertThat(engine.query("orders", Query.builder().orderBy("-total").limit(1).build()))
                    .extracting(d -> d.string("order_id")).containsExactly("o-2");
            assertThatThrownBy(() -> engine.query("orders", Query.builder().where(Filter.eq("nope", 1)).build()))
                    .isInstanceOf(InvalidQueryException.class);
            assertThatThrownBy(() -> engine.query("invoices", Query.all()))
                    .isInstanceOf(UnknownProjectionException.class).hasMessageContaining("orders");
            assertThatThrownBy(() -> engine.status("nope")).isInstanceOf(UnknownProjectionException.class);
            assertThat(engine.readModel("customers")).isEqualTo(CUSTOMERS);
        }
    }

    @Test
    void registrationMistakesFailWhenBuilding() {
        assertThatThrownBy(() -> ProjectionEngine.builder(events)
                .register(TestDomain.orders(), store, ProjectionMode.PERSISTENT)
                .register(TestDomain.orders(), store, ProjectionMode.PERSISTENT))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("registered twice");
        assertThatThrownBy(() -> ProjectionEngine.builder(events)
                .register(TestDomain.orders(), store, ProjectionMode.PERSISTENT)
                .register(TestDomain.ordersBuilder("orders-2").build(), store, ProjectionMode.PERSISTENT).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("[orders]").hasMessageContaining("one owner");
        assertThatThrownBy(() -> EngineConfig.DEFAULT.withBatchSize(0)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("batchSize [0]");
        assertThatThrownBy(() -> EngineConfig.DEFAULT.withPollInterval(Duration.ofHours(2)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("pollInterval");
    }

    @Test
    void closingStopsEveryRunnerAndNothingIsAppliedAfterwards() throws Exception {
        Random random = new Random(7);
        for (TestDomain.Append a : TestDomain.randomHistory(random, 200)) {
            events.append(a.stream(), ExpectedVersion.ANY, List.of(a.event()));
        }
        ProjectionEngine engine = ProjectionEngine.builder(events).config(FAST.withBatchSize(7))
                .register(TestDomain.orders(), store, ProjectionMode.PERSISTENT).build();
        engine.start();
        Thread.sleep(5);
        engine.close();
        ProjectionStatus stopped = engine.status("orders");
        assertThat(stopped.state()).isEqualTo(ProjectionState.STOPPED);
        long checkpoint = store.checkpoint("orders");
        Thread.sleep(50);
        assertThat(store.checkpoint("orders")).isEqualTo(checkpoint);
        assertThat(stopped.checkpoint()).isEqualTo(checkpoint);
    }

    static void waitForState(ProjectionEngine engine, ProjectionState state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (engine.status().get(0).state() != state) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Expected state " + state + " but was " + engine.status().get(0));
            }
            Thread.sleep(2);
        }
    }
}
