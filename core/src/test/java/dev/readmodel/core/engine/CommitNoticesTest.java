package dev.readmodel.core.engine;

import static dev.readmodel.core.engine.TestDomain.CUSTOMERS;
import static dev.readmodel.core.engine.TestDomain.ORDERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.readmodel.core.change.CommitNotice;
import dev.readmodel.core.change.Committed;
import dev.readmodel.core.change.DocumentChange;
import dev.readmodel.core.change.Replaced;
import dev.readmodel.core.change.Resumed;
import dev.readmodel.core.change.Subscription;
import dev.readmodel.core.change.SubscriptionOptions;
import dev.readmodel.core.error.ProjectionFailedException;
import dev.readmodel.core.error.UnknownProjectionException;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryProjectionLock;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.query.Query;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class CommitNoticesTest {
    private static final EngineConfig FAST = EngineConfig.DEFAULT.withPollInterval(Duration.ofMillis(5))
            .withRetryDelays(Duration.ofMillis(1), Duration.ofMillis(5)).withRebuildBatchSize(50);
    static final ReadModel TALLIES = ReadModel.named("tallies").key("customer_id").field("n", FieldType.LONG).build();

    private final InMemoryEventStore events = new InMemoryEventStore();
    private final InMemoryReadModelStore store = new InMemoryReadModelStore();
    private final List<CommitNotice> notices = new CopyOnWriteArrayList<>();

    static Projection tallies() {
        return Projection.named("tallies").readModel(TALLIES)
                .on("order.created", TestDomain.OrderCreated.class, TALLIES, TestDomain.OrderCreated::customerId,
                        (t, e) -> (t == null ? Document.empty() : t).plus("n", 1))
                .build();
    }

    private ProjectionEngine engine() {
        return ProjectionEngine.builder(events).config(FAST)
                .register(TestDomain.orders(), store, ProjectionMode.PERSISTENT)
                .register(tallies(), store, ProjectionMode.PERSISTENT).build();
    }

    private void append(String stream, NewEvent... newEvents) {
        events.append(stream, ExpectedVersion.ANY, List.of(newEvents));
    }

    private static NewEvent created(String order, String customer) {
        return NewEvent.of("order.created", new TestDomain.OrderCreated(order, customer));
    }

    private void awaitNotice(Predicate<CommitNotice> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (notices.stream().noneMatch(wanted)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no such notice within 10 s; got " + notices);
            }
            Thread.sleep(2);
        }
    }

    @Test
    void aCommittedBatchArrivesWithEachChangedDocumentOnceInItsFinalStateAndItsVersion() throws Exception {
        append("o-1", created("o-1", "c-1"), NewEvent.of("order.item_added",
                new TestDomain.ItemAdded("o-1", new BigDecimal("3.00"))));
        try (ProjectionEngine engine = engine()) {
            engine.subscribe(notices::add, SubscriptionOptions.all());
            engine.start(); // the catch-up reads both events in one batch
            awaitNotice(n -> n instanceof Committed c && c.projection().equals("orders") && c.position() == 2);
            Committed batch = (Committed) notices.stream()
                    .filter(n -> n instanceof Committed c && c.projection().equals("orders")).findFirst().orElseThrow();
            assertThat(batch.position()).isEqualTo(2);
            assertThat(batch.changes()).extracting(DocumentChange::readModel, DocumentChange::id, DocumentChange::version)
                    .containsExactly(tuple("orders", "o-1", 2L), tuple("customers", "c-1", 1L));
            assertThat(batch.changes().get(0).document().orElseThrow().decimal("total", null)).isEqualByComparingTo("3.00");
            assertThat(batch.changes().get(1).document().orElseThrow().longValue("orders", 0)).isEqualTo(1);

            append("o-1", NewEvent.of("order.cancelled", new TestDomain.OrderCancelled("o-1")));
            awaitNotice(n -> n instanceof Committed c && c.projection().equals("orders") && c.position() == 3);
            Committed cancel = (Committed) notices.stream().filter(n -> n instanceof Committed c
                    && c.projection().equals("orders") && c.position() == 3).findFirst().orElseThrow();
            assertThat(cancel.changes()).singleElement().satisfies(c -> {
                assertThat(c.id()).isEqualTo("o-1");
                assertThat(c.deleted()).isTrue();
                assertThat(c.version()).isEqualTo(3);
            });
        }
    }

    @Test
    void aSubscriptionKnowsWhereItsNoticesStartAndReceivesEveryLaterOne() throws Exception {
        append("o-1", created("o-1", "c-1"));
        append("o-2", created("o-2", "c-1"));
        try (ProjectionEngine engine = engine()) {
            Subscription before = engine.subscribe(notices::add, SubscriptionOptions.readModels(ORDERS.name()));
            assertThat(before.startedAfter("orders")).as("not taken up yet").isEmpty();
            assertThatThrownBy(() -> before.startedAfter("tallies")).isInstanceOf(UnknownProjectionException.class)
                    .hasMessageContaining("[tallies]");
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
            awaitNotice(n -> n instanceof Committed c && c.position() == 2);
            assertThat(notices.get(0)).as("taken up at the stored checkpoint first").isEqualTo(new Resumed("orders", 0));
            before.close();

            Subscription after = engine.subscribe(n -> { }, SubscriptionOptions.all());
            assertThat(after.startedAfter("orders")).as("the last batch announced").hasValue(2);
            List<CommitNotice> later = new CopyOnWriteArrayList<>();
            Subscription third = engine.subscribe(later::add, SubscriptionOptions.all());
            append("o-3", created("o-3", "c-2"));
            assertThat(engine.awaitPosition("orders", 3, Duration.ofSeconds(10))).isTrue();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            // the tallies projection's notice at 3 may come first: wait for the orders one
            while (later.stream().noneMatch(n -> n instanceof Committed c && c.projection().equals("orders")
                    && c.position() == 3) && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            assertThat(later).filteredOn(n -> n instanceof Committed c && c.projection().equals("orders"))
                    .extracting(CommitNotice::position).containsExactly(3L);
            assertThat(third.startedAfter("orders")).hasValue(2);
        }
    }

    @Test
    void takingOverAProjectionWhoseCheckpointMovedElsewhereAnnouncesItAndDropsItsCachedAnswers() throws Exception {
        InMemoryProjectionLock lock = new InMemoryProjectionLock();
        append("o-1", created("o-1", "c-1"));
        ProjectionEngine first = ProjectionEngine.builder(events).config(FAST).lock(lock)
                .register(TestDomain.orders(), store, ProjectionMode.PERSISTENT).build();
        first.start();
        assertThat(first.awaitPosition("orders", 1, Duration.ofSeconds(10))).isTrue();
        try (ProjectionEngine second = ProjectionEngine.builder(events).config(FAST.withQueryCacheSize(100)).lock(lock)
                .register(TestDomain.orders(), store, ProjectionMode.PERSISTENT).build()) {
            second.subscribe(notices::add, SubscriptionOptions.all());
            second.start();
            append("o-2", created("o-2", "c-1"));
            assertThat(first.awaitPosition("orders", 2, Duration.ofSeconds(10))).isTrue();
            first.close(); // the second instance takes the lease over at checkpoint 2
            awaitNotice(n -> n instanceof Resumed r && r.position() == 2);
            assertThat(notices).filteredOn(n -> n instanceof Committed).isEmpty();
            assertThat(second.query(ORDERS.name(), Query.all())).hasSize(2);
        }
    }

    @Test
    void changesFoldedIntoAMapEqualTheStoreAfterARandomHistory() throws Exception {
        try (ProjectionEngine engine = engine()) {
            Map<String, Document> folded = new LinkedHashMap<>();
            engine.subscribe(n -> {
                if (n instanceof Committed c) {
                    synchronized (folded) {
                        c.changes().forEach(change -> {
                            String key = change.readModel() + "/" + change.id();
                            change.document().ifPresentOrElse(d -> folded.put(key, withoutKey(change.readModel(), d)),
                                    () -> folded.remove(key));
                        });
                    }
                }
            }, SubscriptionOptions.readModels("orders", "customers"));
            engine.start();
            for (TestDomain.Append a : TestDomain.randomHistory(new Random(7), 200)) {
                events.append(a.stream(), ExpectedVersion.ANY, List.of(a.event()));
            }
            assertThat(engine.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
            Map<String, Document> expected = new LinkedHashMap<>();
            TestDomain.contents(store).forEach((model, docs) -> docs.forEach(d -> expected.put(
                    model + "/" + d.string(model.equals("orders") ? ORDERS.keyField() : CUSTOMERS.keyField()),
                    withoutKey(model, d))));
            assertThat(expected).hasSizeGreaterThan(50);
            // notices are delivered on another thread: wait until the fold has taken the last commit
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!snapshot(folded).equals(expected) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(snapshot(folded)).isEqualTo(expected);
        }
    }

    private static Map<String, Document> snapshot(Map<String, Document> folded) {
        synchronized (folded) {
            return new LinkedHashMap<>(folded);
        }
    }

    private static Document withoutKey(String model, Document document) {
        return document.without(model.equals("orders") ? ORDERS.keyField() : CUSTOMERS.keyField());
    }

    @Test
    void aReadModelFilterKeepsOnlyItsProjectionsCommitsAndItsChanges() throws Exception {
        try (ProjectionEngine engine = engine()) {
            List<CommitNotice> customersOnly = new CopyOnWriteArrayList<>();
            engine.subscribe(customersOnly::add, SubscriptionOptions.readModels("customers"));
            engine.subscribe(notices::add, SubscriptionOptions.all());
            engine.start();
            append("o-1", created("o-1", "c-1"));
            awaitNotice(n -> n instanceof Committed c && c.projection().equals("tallies") && c.position() == 1);
            awaitNotice(n -> n instanceof Committed c && c.projection().equals("orders") && c.position() == 1);
            Thread.sleep(50);
            assertThat(customersOnly.get(0)).as("only the owner's take-up").isEqualTo(new Resumed("orders", 0));
            customersOnly.remove(0);
            assertThat(customersOnly).isNotEmpty().allSatisfy(n -> {
                assertThat(n).isInstanceOf(Committed.class);
                assertThat(((Committed) n).projection()).isEqualTo("orders");
                assertThat(((Committed) n).changes()).extracting(DocumentChange::readModel).containsOnly("customers");
            });
            assertThat(customersOnly).flatExtracting(n -> ((Committed) n).changes()).extracting(DocumentChange::id)
                    .containsExactly("c-1");
        }
    }

    @Test
    void subscribingToAnUnknownReadModelIsRefused() {
        try (ProjectionEngine engine = engine()) {
            assertThatThrownBy(() -> engine.subscribe(notices::add, SubscriptionOptions.readModels("orders", "nope")))
                    .isInstanceOf(UnknownProjectionException.class).hasMessageContaining("[nope]");
        }
    }

    @Test
    void aFailedInlineAppendIsNeverAnnouncedAndASuccessfulOneOnlyOnceReadable() throws Exception {
        Projection failing = Projection.named("orders").readModel(ORDERS)
                .on("order.created", TestDomain.OrderCreated.class, ORDERS, TestDomain.OrderCreated::orderId,
                        (current, e) -> {
                            if (e.customerId().isEmpty()) {
                                throw new IllegalArgumentException("order without customer");
                            }
                            return Document.of("customer_id", e.customerId());
                        })
                .build();
        List<String> seenOnDelivery = new CopyOnWriteArrayList<>();
        try (ProjectionEngine engine = ProjectionEngine.builder(events).config(FAST)
                .register(failing, store, ProjectionMode.INLINE).build()) {
            engine.start();
            engine.subscribe(n -> {
                // what a listener reacting to the notice would read: the event and the document
                seenOnDelivery.add(events.size() + " events, " + store.query(ORDERS, Query.all()).size() + " orders");
                notices.add(n);
            }, SubscriptionOptions.all());
            assertThatThrownBy(() -> engine.append("o-1", ExpectedVersion.NO_STREAM, List.of(created("o-1", ""))))
                    .isInstanceOf(ProjectionFailedException.class);
            Thread.sleep(200);
            assertThat(notices).as("a rolled-back append is never announced").isEmpty();

            engine.append("o-2", ExpectedVersion.NO_STREAM, List.of(created("o-2", "c-2")));
            awaitNotice(n -> n.position() == 1);
            assertThat(notices).containsExactly(new Committed("orders", 1, List.of(
                    new DocumentChange("orders", "o-2", ((Committed) notices.get(0)).changes().get(0).document(), 1))));
            assertThat(((Committed) notices.get(0)).changes().get(0).document().orElseThrow().string("customer_id"))
                    .isEqualTo("c-2");
            assertThat(seenOnDelivery).containsExactly("1 events, 1 orders");
        }
    }

    @Test
    void aTruncateRebuildAnnouncesTheEmptiedReadModelsThenItsBatches() throws Exception {
        for (TestDomain.Append a : TestDomain.randomHistory(new Random(3), 100)) {
            events.append(a.stream(), ExpectedVersion.ANY, List.of(a.event()));
        }
        try (ProjectionEngine engine = engine()) {
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
            engine.subscribe(notices::add, SubscriptionOptions.readModels("orders", "customers"));
            engine.rebuild("orders", RebuildOptions.TRUNCATE);
            long head = events.head().position();
            awaitNotice(n -> n instanceof Committed && n.position() == head);
            assertThat(notices.get(0)).isEqualTo(new Replaced("orders", 0, List.of("orders", "customers"),
                    Replaced.Reason.TRUNCATED));
            List<CommitNotice> after = notices.subList(1, notices.size());
            assertThat(after).hasSizeGreaterThan(1).allMatch(n -> n instanceof Committed);
            assertThat(after).extracting(CommitNotice::position).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void aZeroDowntimeRebuildAnnouncesTheSwapAtItsCheckpointAndNotTheShadowsBatches() throws Exception {
        for (TestDomain.Append a : TestDomain.randomHistory(new Random(4), 100)) {
            events.append(a.stream(), ExpectedVersion.ANY, List.of(a.event()));
        }
        try (ProjectionEngine engine = engine()) {
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
            engine.subscribe(notices::add, SubscriptionOptions.all());
            RebuildResult result = engine.rebuild("orders", RebuildOptions.ZERO_DOWNTIME);
            long head = events.head().position();
            awaitNotice(n -> n instanceof Replaced);
            Thread.sleep(50);
            List<CommitNotice> ofOrders = new ArrayList<>(notices.stream()
                    .filter(n -> !(n instanceof Committed c) || c.projection().equals("orders")).toList());
            assertThat(ofOrders).as("the shadow's batches are not the live read models'")
                    .containsExactly(new Replaced("orders", head, List.of("orders", "customers"), Replaced.Reason.SWAPPED));
            assertThat(result.checkpoint()).isEqualTo(head);
        }
    }
}
