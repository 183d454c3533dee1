package dev.readmodel.core.engine;

import static dev.readmodel.core.engine.TestDomain.ORDERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.engine.BatchApplier.Outcome;
import dev.readmodel.core.error.CancelledException;
import dev.readmodel.core.error.ProjectionFailedException;
import dev.readmodel.core.error.StoreException;
import dev.readmodel.core.error.TransientStoreException;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.memory.InMemoryDeadLetterStore;
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
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * One batch of five events: orders a, poison and b created, an item added to b, and an event the
 * projection does not handle; the batch is read up to position 6, past its last event.
 */
class BatchApplierTest {
    private static final long READ_UP_TO = 6;

    private final InMemoryReadModelStore memory = new InMemoryReadModelStore();
    private final FlakyStore store = new FlakyStore(memory);
    private final InMemoryDeadLetterStore deadLetters = new InMemoryDeadLetterStore();
    private final RunnerStatus status = new RunnerStatus("orders", ProjectionMode.PERSISTENT);
    private final DocumentCache cache = new DocumentCache(1000);
    private final List<EventEnvelope> batch = new ArrayList<>();
    /** The delays the applier slept for; it is told to stop once it has slept {@link #sleepsBeforeStop} times. */
    private final List<Long> sleeps = new ArrayList<>();
    private int sleepsBeforeStop = Integer.MAX_VALUE;
    private final Map<String, Integer> calls = new ConcurrentHashMap<>();
    /** How many more times the handler fails on order "poison". */
    private final AtomicInteger poisonFailures = new AtomicInteger();
    /** How many more times the handler meets a transient store failure on order "a". */
    private final AtomicInteger transientFailures = new AtomicInteger();

    /** Commits like the in-memory store, after throwing the failures queued in {@link #failures}. */
    private static final class FlakyStore extends CountingStore {
        final Deque<RuntimeException> failures = new ArrayDeque<>();

        FlakyStore(InMemoryReadModelStore memory) {
            super(memory);
        }

        @Override
        public void commit(WriteBatch writes) {
            RuntimeException failure = failures.poll();
            if (failure != null) {
                throw failure;
            }
            super.commit(writes);
        }
    }

    BatchApplierTest() {
        memory.prepare(List.of(ORDERS));
        InMemoryEventStore events = new InMemoryEventStore();
        for (String id : List.of("a", "poison", "b")) {
            batch.addAll(events.append(id, ExpectedVersion.ANY,
                    List.of(NewEvent.of("order.created", new TestDomain.OrderCreated(id, "c")))).events());
        }
        batch.addAll(events.append("b", ExpectedVersion.ANY,
                List.of(NewEvent.of("order.item_added", new TestDomain.ItemAdded("b", BigDecimal.ONE)))).events());
        batch.addAll(events.append("n", ExpectedVersion.ANY, List.of(NewEvent.of("noise.ping", Map.of("n", 1)))).events());
    }

    private Projection orders(FailurePolicy policy) {
        return Projection.named("orders").readModel(ORDERS).onFailure(policy)
                .on("order.created", TestDomain.OrderCreated.class, ORDERS, TestDomain.OrderCreated::orderId,
                        (current, e) -> {
                            calls.merge(e.orderId(), 1, Integer::sum);
                            if (e.orderId().equals("poison") && poisonFailures.getAndDecrement() > 0) {
                                throw new IllegalStateException("cannot handle poison");
                            }
                            if (e.orderId().equals("a") && transientFailures.getAndDecrement() > 0) {
                                throw new TransientStoreException("store away", null);
                            }
                            return Document.of("customer_id", e.customerId(), "items", 0L);
                        })
                .on("order.item_added", TestDomain.ItemAdded.class, ORDERS, TestDomain.ItemAdded::orderId,
                        (order, e) -> order.plus("items", 1))
                .build();
    }

    private BatchApplier applier(FailurePolicy policy) {
        return new BatchApplier(orders(policy), status, deadLetters, new Backoff(Duration.ofMillis(2), Duration.ofMillis(8)),
                millis -> {
                    sleeps.add(millis);
                    return sleeps.size() >= sleepsBeforeStop;
                });
    }

    private Outcome apply(FailurePolicy policy) {
        return applier(policy).apply(batch, READ_UP_TO, store, cache);
    }

    /** Each stored order's items, by order id. */
    private Map<String, Long> stored() {
        return memory.query(ORDERS, Query.all()).stream()
                .collect(Collectors.toMap(d -> d.string("order_id"), d -> d.longValue("items", -1)));
    }

    @Test
    void aBatchCommitsItsWritesWithItsCheckpointInOneCommit() {
        assertThat(apply(FailurePolicy.fail(3))).isEqualTo(Outcome.COMMITTED);

        assertThat(stored()).isEqualTo(Map.of("a", 0L, "poison", 0L, "b", 1L));
        assertThat(memory.checkpoint("orders")).isEqualTo(READ_UP_TO);
        assertThat(store.commits).isEqualTo(1);
        assertThat(store.writes).as("order b's two events fold into one write").isEqualTo(3);
        assertThat(status.checkpoint()).isEqualTo(READ_UP_TO);
        assertThat(status.snapshot().eventsApplied()).isEqualTo(5);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void underFailTheEventsBeforeAFailingHandlerCommitAndTheProjectionFaultsAtItsEvent() {
        poisonFailures.set(Integer.MAX_VALUE);
        assertThat(apply(FailurePolicy.fail(2))).isEqualTo(Outcome.FAULTED);

        assertThat(stored()).isEqualTo(Map.of("a", 0L));
        assertThat(memory.checkpoint("orders")).as("up to the event before the failing one").isEqualTo(1);
        assertThat(calls.get("poison")).as("the first try and two retries").isEqualTo(3);
        assertThat(sleeps).hasSize(2);
        assertThat(status.state()).isEqualTo(ProjectionState.FAULTED);
        ProjectionError error = status.snapshot().lastError().orElseThrow();
        assertThat(error.position()).isEqualTo(2);
        assertThat(error.eventType()).isEqualTo("order.created");
        assertThat(error.transientFailure()).isFalse();
        assertThat(error.message()).contains("[orders]").contains("[2]").contains("cannot handle poison");
        assertThat(deadLetters.list("orders")).isEmpty();
    }

    @Test
    void underFailAHandlerThatRecoversWithinItsRetriesLetsTheWholeBatchCommit() {
        poisonFailures.set(2);
        assertThat(apply(FailurePolicy.fail(3))).isEqualTo(Outcome.COMMITTED);

        assertThat(stored()).isEqualTo(Map.of("a", 0L, "poison", 0L, "b", 1L));
        assertThat(memory.checkpoint("orders")).isEqualTo(READ_UP_TO);
        assertThat(calls).as("a in the first try and again when the events before the failure commit alone")
                .isEqualTo(Map.of("a", 2, "poison", 3, "b", 1));
        assertThat(store.commits).as("before the failing event, the event alone, the rest").isEqualTo(3);
        assertThat(sleeps).hasSize(2);
        assertThat(status.state()).isNotEqualTo(ProjectionState.FAULTED);
    }

    @Test
    void underDeadLetterTheFailingEventIsParkedExactlyAndTheRestOfTheBatchCommits() {
        poisonFailures.set(Integer.MAX_VALUE);
        assertThat(apply(FailurePolicy.deadLetter(1))).isEqualTo(Outcome.COMMITTED);

        assertThat(stored()).isEqualTo(Map.of("a", 0L, "b", 1L));
        assertThat(memory.checkpoint("orders")).isEqualTo(READ_UP_TO);
        assertThat(calls.get("poison")).isEqualTo(2);
        List<DeadLetter> parked = deadLetters.list("orders");
        assertThat(parked).hasSize(1);
        assertThat(parked.get(0).event()).isEqualTo(batch.get(1));
        assertThat(parked.get(0).attempts()).isEqualTo(2);
        assertThat(parked.get(0).error()).contains("IllegalStateException").contains("cannot handle poison");
        assertThat(status.state()).isNotEqualTo(ProjectionState.FAULTED);
        assertThat(status.snapshot().lastError().orElseThrow().position()).isEqualTo(2);
    }

    @Test
    void aParkedEventReplayedAfterAFixIsAppliedWithoutMovingTheCheckpoint() {
        poisonFailures.set(Integer.MAX_VALUE);
        BatchApplier applier = applier(FailurePolicy.deadLetter(0));
        assertThat(applier.apply(batch, READ_UP_TO, store, cache)).isEqualTo(Outcome.COMMITTED);
        EventEnvelope parked = deadLetters.list("orders").get(0).event();

        assertThat(applier.replayParked(parked, store, cache)).get().asString().contains("cannot handle poison");
        poisonFailures.set(0);
        assertThat(applier.replayParked(parked, store, cache)).isEmpty();

        assertThat(stored()).isEqualTo(Map.of("a", 0L, "poison", 0L, "b", 1L));
        assertThat(memory.checkpoint("orders")).isEqualTo(READ_UP_TO);
        assertThat(status.checkpoint()).isEqualTo(READ_UP_TO);
    }

    @Test
    void aTransientStoreFailureIsRetriedWithTheWholeBatchAppliedAfresh() {
        store.failures.add(new TransientStoreException("connection reset", null));
        store.failures.add(new TransientStoreException("connection reset", null));
        assertThat(apply(FailurePolicy.fail(0))).isEqualTo(Outcome.COMMITTED);

        assertThat(stored()).as("order b's item counted once").isEqualTo(Map.of("a", 0L, "poison", 0L, "b", 1L));
        assertThat(memory.checkpoint("orders")).isEqualTo(READ_UP_TO);
        assertThat(calls.get("b")).isEqualTo(3);
        assertThat(sleeps).hasSize(2);
        assertThat(status.retries()).as("reset by the commit").isZero();
        assertThat(status.snapshot().lastError()).as("an outage that passed is no error").isEmpty();
    }

    @Test
    void aTransientFailureInsideAHandlerIsRetriedAndNotCountedAgainstThePolicy() {
        transientFailures.set(2);
        assertThat(apply(FailurePolicy.fail(0))).isEqualTo(Outcome.COMMITTED);

        assertThat(stored()).isEqualTo(Map.of("a", 0L, "poison", 0L, "b", 1L));
        assertThat(calls.get("a")).isEqualTo(3);
        assertThat(sleeps).hasSize(2);
        assertThat(status.state()).isNotEqualTo(ProjectionState.FAULTED);
    }

    @Test
    void aRunnerThatStopsDuringATransientOutageCommitsNothing() {
        for (int i = 0; i < 10; i++) {
            store.failures.add(new TransientStoreException("connection refused", null));
        }
        sleepsBeforeStop = 3;
        assertThat(apply(FailurePolicy.fail(3))).isEqualTo(Outcome.STOPPED);

        assertThat(stored()).isEmpty();
        assertThat(memory.checkpoint("orders")).isZero();
        assertThat(sleeps).hasSize(3);
        ProjectionError error = status.snapshot().lastError().orElseThrow();
        assertThat(error.transientFailure()).isTrue();
        assertThat(error.position()).isEqualTo(1);
        assertThat(error.message()).contains("connection refused");
    }

    @Test
    void aCancelledCommitStopsTheBatchAndAPermanentStoreFailureReachesTheCaller() {
        store.failures.add(new CancelledException("interrupted"));
        assertThat(apply(FailurePolicy.fail(3))).isEqualTo(Outcome.STOPPED);
        assertThat(sleeps).as("an interrupt is no outage to wait out").isEmpty();

        StoreException rejected = new StoreException("mapping rejected");
        store.failures.add(rejected);
        assertThatThrownBy(() -> apply(FailurePolicy.fail(3))).isSameAs(rejected);
        assertThat(stored()).isEmpty();
        assertThat(memory.checkpoint("orders")).isZero();
    }

    @Test
    void applyOnceThrowsAtTheFailingEventWithoutRetryingOrCommitting() {
        poisonFailures.set(1);
        BatchApplier applier = applier(FailurePolicy.fail(3));
        assertThatThrownBy(() -> applier.applyOnce(batch, READ_UP_TO, store, cache))
                .isInstanceOf(ProjectionFailedException.class)
                .hasMessageContaining("[orders]").hasMessageContaining("[2]")
                .hasRootCauseMessage("cannot handle poison");

        assertThat(calls.get("poison")).isEqualTo(1);
        assertThat(stored()).isEmpty();
        assertThat(store.commits).isZero();
        assertThat(sleeps).isEmpty();
    }
}
