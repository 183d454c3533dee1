package dev.readmodel.core.engine;

import static dev.readmodel.core.engine.TestDomain.ORDERS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.error.TransientStoreException;
import dev.readmodel.core.event.EventBatch;
import dev.readmodel.core.event.EventSource;
import dev.readmodel.core.event.EventTypeMatcher;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.event.StreamHead;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.projection.FailurePolicy;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.spi.WriteBatch;
import dev.readmodel.core.status.DeadLetter;
import dev.readmodel.core.status.ProjectionError;
import dev.readmodel.core.status.ProjectionState;
import dev.readmodel.core.status.ProjectionStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FailureHandlingTest {
    private static final EngineConfig FAST = EngineConfig.DEFAULT.withPollInterval(Duration.ofMillis(5))
            .withRetryDelays(Duration.ofMillis(1), Duration.ofMillis(4));

    private final InMemoryEventStore events = new InMemoryEventStore();
    private final InMemoryReadModelStore store = new InMemoryReadModelStore();
    private final AtomicBoolean broken = new AtomicBoolean(true);
    private final AtomicInteger poisonCalls = new AtomicInteger();

    /** The orders projection, with a handler that fails on order "poison" while {@link #broken}. */
    private Projection poisoned(FailurePolicy policy) {
        return Projection.named("orders").readModel(ORDERS).onFailure(policy)
                .on("order.created", TestDomain.OrderCreated.class, ORDERS, TestDomain.OrderCreated::orderId,
                        (current, e) -> {
                            if (e.orderId().equals("poison")) {
                                poisonCalls.incrementAndGet();
                                if (broken.get()) {
                                    throw new IllegalStateException("cannot handle " + e.orderId());
                                }
                            }
                            return Document.of("customer_id", e.customerId(), "items", 0L);
                        })
                .on("order.item_added", TestDomain.ItemAdded.class, ORDERS, TestDomain.ItemAdded::orderId,
                        (order, e) -> order == null ? null : order.plus("items", 1))
                .build();
    }

    private void history() {
        events.append("a", ExpectedVersion.ANY, List.of(NewEvent.of("order.created", new TestDomain.OrderCreated("a", "c"))));
        events.append("poison", ExpectedVersion.ANY, List.of(NewEvent.of("order.created",
                new TestDomain.OrderCreated("poison", "c"))));
        events.append("b", ExpectedVersion.ANY, List.of(NewEvent.of("order.created", new TestDomain.OrderCreated("b", "c")),
                NewEvent.of("order.item_added", new TestDomain.ItemAdded("b", BigDecimal.ONE))));
    }

    @Test
    void byDefaultAHandlerThatKeepsFailingFaultsTheProjectionAtThatEventAndNothingIsSkipped() throws Exception {
        history();
        try (ProjectionEngine engine = ProjectionEngine.builder(events).config(FAST)
                .register(poisoned(FailurePolicy.fail(2)), store, ProjectionMode.PERSISTENT).build()) {
            engine.start();
            ProjectionStatus status = awaitState(engine, ProjectionState.FAULTED);
            assertThat(status.checkpoint()).as("the event before the poison is committed").isEqualTo(1);
            ProjectionError error = status.lastError().orElseThrow();
            assertThat(error.position()).isEqualTo(2);
            assertThat(error.eventType()).isEqualTo("order.created");
            assertThat(error.message()).contains("[orders]").contains("[2]").contains("cannot handle poison");
            assertThat(poisonCalls.get()).as("first try plus two retries").isEqualTo(3);
            assertThat(engine.query("orders", Query.all())).extracting(d -> d.string("order_id")).containsExactly("a");

            broken.set(false);
            engine.restart("orders");
            assertThat(engine.awaitCheckpoint("orders", 4, Duration.ofSeconds(5))).isTrue();
            assertThat(engine.query("orders", Query.all())).extracting(d -> d.string("order_id"))
                    .containsExactly("a", "b", "poison");
            assertThat(engine.status("orders").lastError()).isEmpty();
        }
    }

    @Test
    void underTheDeadLetterPolicyThePoisonIsParkedTheRestContinuesAndAReplayAfterTheFixAppliesItOnce()
            throws Exception {
        history();
        try (ProjectionEngine engine = ProjectionEngine.builder(events).config(FAST)
                .register(poisoned(FailurePolicy.deadLetter(1)), store, ProjectionMode.PERSISTENT).build()) {
            engine.start();
            assertThat(engine.awaitCheckpoint("orders", 4, Duration.ofSeconds(5))).isTrue();
            assertThat(engine.query("orders", Query.all())).extracting(d -> d.string("order_id")).containsExactly("a", "b");
            List<DeadLetter> parked = engine.deadLetters("orders");
            assertThat(parked).hasSize(1);
            assertThat(parked.get(0).event().position()).isEqualTo(2);
            assertThat(parked.get(0).attempts()).isEqualTo(2);
            assertThat(parked.get(0).error()).contains("cannot handle poison");

            ReplayResult stillBroken = engine.replayDeadLetters("orders");
            assertThat(stillBroken.replayed()).isZero();
            assertThat(stillBroken.stillFailing()).hasSize(1);
            assertThat(engine.deadLetters("orders").get(0).attempts()).isEqualTo(3);

            broken.set(false);
            ReplayResult fixed = engine.replayDeadLetters("orders");
            assertThat(fixed.replayed()).isEqualTo(1);
            assertThat(engine.deadLetters("orders")).isEmpty();
            assertThat(engine.query("orders", Query.all())).extracting(d -> d.string("order_id"))
                    .containsExactly("a", "b", "poison");
            assertThat(engine.replayDeadLetters("orders").replayed()).as("nothing left to apply twice").isZero();
        }
    }

    @Test
    void aProjectionGivenAnotherFailurePolicyKeepsItsHandlersAndFollowsThatPolicy() throws Exception {
        history();
        Projection declared = poisoned(FailurePolicy.fail(0));
        Projection configured = declared.withFailurePolicy(FailurePolicy.deadLetter(1));
        assertThat(declared.failurePolicy()).as("the original is unchanged").isEqualTo(FailurePolicy.fail(0));
        assertThat(configured.name()).isEqualTo(declared.name());
        assertThat(configured.readModels()).isEqualTo(declared.readModels());
        try (ProjectionEngine engine = ProjectionEngine.builder(events).config(FAST)
                .register(configured, store, ProjectionMode.PERSISTENT).build()) {
            engine.start();
            assertThat(engine.awaitCheckpoint("orders", 4, Duration.ofSeconds(5))).isTrue();
            assertThat(engine.deadLetters("orders")).extracting(d -> d.event().position()).containsExactly(2L);
            assertThat(engine.deadLetters("orders").get(0).attempts()).as("first try plus one retry").isEqualTo(2);
            assertThat(engine.query("orders", Query.all())).extracting(d -> d.string("order_id")).containsExactly("a", "b");
        }
    }

    @Test
    void eventsThatDoNotDecodeArePoisonEventsNamingPositionAndType() throws Exception {
        events.append("x", ExpectedVersion.ANY, List.of(NewEvent.of("order.created", java.util.Map.of("orderId", List.of(1, 2)))));
        try (ProjectionEngine engine = ProjectionEngine.builder(events).config(FAST)
                .register(poisoned(FailurePolicy.fail(0)), store, ProjectionMode.PERSISTENT).build()) {
            engine.start();
            ProjectionError error = awaitState(engine, ProjectionState.FAULTED).lastError().orElseThrow();
            assertThat(error.position()).isEqualTo(1);
            assertThat(error.message()).contains("EventDecodingException").contains("[order.created]")
                    .contains("OrderCreated");
        }
    }

    @Test
    void transientStoreFailuresAreRetriedWithBackoffShownInStatusAndRecoverBySelf() throws Exception {
        history();
        AtomicInteger failuresLeft = new AtomicInteger(5);
        CountingStore flaky = new CountingStore(store) {
            @Override
            public void commit(WriteBatch batch) {
                if (failuresLeft.getAndDecrement() > 0) {
                    throw new TransientStoreException("store [flaky] unreachable", new java.io.IOException("refused"));
                }
                super.commit(batch);
            }
        };
        try (ProjectionEngine engine = ProjectionEngine.builder(events)
                .config(FAST.withRetryDelays(Duration.ofMillis(20), Duration.ofMillis(40)))
                .register(poisoned(FailurePolicy.fail(0)), flaky, ProjectionMode.PERSISTENT).build()) {
            broken.set(false);
            engine.start();
            ProjectionStatus during = awaitRetries(engine);
            assertThat(during.lastError().orElseThrow().transientFailure()).isTrue();
            assertThat(during.lastError().orElseThrow().message()).contains("unreachable");
            assertThat(engine.awaitCheckpoint("orders", 4, Duration.ofSeconds(5))).isTrue();
            ProjectionStatus after = engine.status("orders");
            assertThat(after.retries()).isZero();
            assertThat(after.lastError()).isEmpty();
            assertThat(engine.query("orders", Query.all())).hasSize(3);
        }
    }

    @Test
    void anOutageReportedWhileWaitingForEventsIsRetriedNotAFault() throws Exception {
        history();
        AtomicBoolean down = new AtomicBoolean(true);
        AtomicInteger failedWaits = new AtomicInteger();
        EventSource source = new EventSource() {
            @Override
            public EventBatch read(long afterPosition, int maxCount, EventTypeMatcher types) {
                return events.read(afterPosition, maxCount, types);
            }

            @Override
            public StreamHead head() {
                return events.head();
            }

            @Override
            public void awaitEvents(long afterPosition, Duration timeout) throws InterruptedException {
                if (down.get()) {
                    failedWaits.incrementAndGet();
                    throw new TransientStoreException("Reading the head failed", new java.io.IOException("terminated"));
                }
                events.awaitEvents(afterPosition, timeout);
            }
        };
        try (ProjectionEngine engine = ProjectionEngine.builder(source).config(FAST)
                .register(poisoned(FailurePolicy.fail(0)), store, ProjectionMode.PERSISTENT).build()) {
            broken.set(false);
            engine.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (failedWaits.get() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertThat(failedWaits.get()).isGreaterThanOrEqualTo(5);
            assertThat(engine.status("orders").state()).isEqualTo(ProjectionState.LIVE);
            down.set(false);
            history();
            assertThat(engine.awaitCheckpoint("orders", 8, Duration.ofSeconds(5))).isTrue();
            ProjectionStatus after = engine.status("orders");
            assertThat(after.state()).isEqualTo(ProjectionState.LIVE);
            assertThat(after.retries()).isZero();
            assertThat(after.lastError()).isEmpty();
            assertThat(engine.query("orders", Query.all())).hasSize(3);
        }
    }

    private static ProjectionStatus awaitRetries(ProjectionEngine engine) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            ProjectionStatus status = engine.status("orders");
            if (status.retries() > 0) {
                return status;
            }
            Thread.sleep(1);
        }
        throw new AssertionError("no retry seen: " + engine.status("orders"));
    }

    static ProjectionStatus awaitState(ProjectionEngine engine, ProjectionState state) throws InterruptedException {
        ProjectionEngineTest.waitForState(engine, state);
        return engine.status().get(0);
    }
}
