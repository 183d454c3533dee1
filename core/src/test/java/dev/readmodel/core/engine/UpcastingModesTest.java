package dev.readmodel.core.engine;

import static dev.readmodel.core.engine.UpcastDomain.EXPECTED;
import static dev.readmodel.core.engine.UpcastDomain.ORDERS;
import static dev.readmodel.core.engine.UpcastDomain.UPCASTERS;
import static dev.readmodel.core.engine.UpcastDomain.appendOneStreamEach;
import static dev.readmodel.core.engine.UpcastDomain.event;
import static dev.readmodel.core.engine.UpcastDomain.legacyHistory;
import static dev.readmodel.core.engine.UpcastDomain.orders;
import static dev.readmodel.core.engine.UpcastDomain.summary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.error.EventDecodingException;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.memory.InMemoryDeadLetterStore;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.projection.Checkpoint;
import dev.readmodel.core.projection.FailurePolicy;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.status.DeadLetter;
import dev.readmodel.core.status.ProjectionStatus;
import dev.readmodel.core.upcast.Upcasters;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Upcasting in every mode: each reads the same legacy history into the model of its newest shape. */
class UpcastingModesTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final InMemoryEventStore events = new InMemoryEventStore();
    private final InMemoryReadModelStore store = new InMemoryReadModelStore();

    private ProjectionEngine engine(ProjectionMode mode, EngineConfig config) {
        return ProjectionEngine.builder(events).config(config.withPollInterval(Duration.ofMillis(10)))
                .upcasters(UPCASTERS).register(orders(), store, mode).build();
    }

    private List<String> model(ProjectionEngine engine) {
        return summary(engine.query(ORDERS.name(), Query.all()));
    }

    @Test
    void catchUpReadsOldTypeNamesAndAppliesEachOriginEventOnceEvenOneByOne() throws InterruptedException {
        appendOneStreamEach(events, legacyHistory());
        try (ProjectionEngine engine = engine(ProjectionMode.PERSISTENT, EngineConfig.DEFAULT.withBatchSize(1))) {
            engine.start();
            assertThat(engine.awaitCaughtUp(WAIT)).isTrue();
            assertThat(model(engine)).isEqualTo(EXPECTED);
            ProjectionStatus status = engine.status().get(0);
            assertThat(status.checkpoint()).isEqualTo(7);
            assertThat(status.eventsApplied()).as("the split counts as its one stored event").isEqualTo(7);
        }
    }

    @Test
    void eventsAppendedThroughTheEngineWithoutAVersionAreStampedWithTheCurrentOne() throws InterruptedException {
        try (ProjectionEngine engine = engine(ProjectionMode.PERSISTENT, EngineConfig.DEFAULT)) {
            engine.start();
            // the current shape, unversioned: read as version 1 it would be upcast again (and lose its customer)
            engine.append("now", ExpectedVersion.NO_STREAM, List.of(event("order.created", 0,
                    Map.of("orderId", "o-9", "customerId", "c-9", "currency", "USD"))));
            engine.append("old", ExpectedVersion.NO_STREAM, List.of(event("order.created", 1,
                    Map.of("orderId", "o-8", "customer", "c-8"))));
            assertThat(engine.awaitCaughtUp(WAIT)).isTrue();
            assertThat(Upcasters.versionOf(events.readStream("now").get(0))).isEqualTo(3);
            assertThat(Upcasters.versionOf(events.readStream("old").get(0))).as("a version given is kept").isEqualTo(1);
            assertThat(model(engine)).containsExactly("o-8 c-8 EUR 0 0", "o-9 c-9 USD 0 0");
        }
    }

    @Test
    void theLiveRunnerUpcastsEventsAppendedWhileItRuns() throws InterruptedException {
        try (ProjectionEngine engine = engine(ProjectionMode.PERSISTENT, EngineConfig.DEFAULT)) {
            engine.start();
            appendOneStreamEach(events, legacyHistory());
            assertThat(engine.awaitCaughtUp(WAIT)).isTrue();
            assertThat(model(engine)).isEqualTo(EXPECTED);
        }
    }

    @Test
    void anInlineProjectionUpcastsAnAppendsOwnEventsAndThoseAppendedAroundTheEngine() {
        List<NewEvent> history = legacyHistory();
        events.append("around", ExpectedVersion.NO_STREAM, history.subList(0, 2));
        try (ProjectionEngine engine = engine(ProjectionMode.INLINE, EngineConfig.DEFAULT)) {
            engine.start();
            events.append("around-2", ExpectedVersion.NO_STREAM, history.subList(2, 3));
            engine.append("inline", ExpectedVersion.NO_STREAM, history.subList(3, history.size()));
            assertThat(model(engine)).as("read right after the append").isEqualTo(EXPECTED);
        }
    }

    @Test
    void truncateAndZeroDowntimeRebuildsUpcastTheWholeHistory() throws InterruptedException {
        appendOneStreamEach(events, legacyHistory());
        try (ProjectionEngine engine = engine(ProjectionMode.PERSISTENT, EngineConfig.DEFAULT.withRebuildBatchSize(2))) {
            engine.start();
            assertThat(engine.awaitCaughtUp(WAIT)).isTrue();
            engine.rebuild("upcast-orders", RebuildOptions.TRUNCATE);
            assertThat(model(engine)).as("after a truncate rebuild").isEqualTo(EXPECTED);
            engine.rebuild("upcast-orders", RebuildOptions.ZERO_DOWNTIME);
            assertThat(model(engine)).as("after a zero-downtime rebuild").isEqualTo(EXPECTED);
        }
    }

    @Test
    void aSplitsPartsTouchingOneDocumentAreSkippedTogetherWhenTheBatchIsReadAgain() throws InterruptedException {
        appendOneStreamEach(events, legacyHistory());
        try (ProjectionEngine engine = engine(ProjectionMode.PERSISTENT, EngineConfig.DEFAULT)) {
            engine.start();
            assertThat(engine.awaitCaughtUp(WAIT)).isTrue();
        }
        // a crash between the writes and the checkpoint: the documents keep their versions, the checkpoint is old
        store.checkpoints().store(new Checkpoint("upcast-orders", 0));
        try (ProjectionEngine engine = engine(ProjectionMode.PERSISTENT, EngineConfig.DEFAULT.withBatchSize(3))) {
            engine.start();
            assertThat(engine.awaitCaughtUp(WAIT)).isTrue();
            assertThat(model(engine)).as("o-4's two parts were not applied twice").isEqualTo(EXPECTED);
            assertThat(store.checkpoint("upcast-orders")).isEqualTo(7);
        }
    }

    @Test
    void anEventParkedForAMissingUpcasterIsAppliedByAReplayOnceTheUpcasterIsAdded() throws InterruptedException {
        InMemoryDeadLetterStore parked = new InMemoryDeadLetterStore();
        Upcasters missingV2 = Upcasters.builder().addField("order.created", 1, "currency", "EUR")
                .current("order.created", 3).build();
        events.append("o-8", ExpectedVersion.NO_STREAM, List.of(event("order.created", 3,
                Map.of("orderId", "o-8", "customerId", "c-8", "currency", "EUR"))));
        events.append("o-9", ExpectedVersion.NO_STREAM, List.of(event("order.created", 2,
                Map.of("orderId", "o-9", "customer", "c-9", "currency", "USD"))));
        try (ProjectionEngine engine = ProjectionEngine.builder(events).deadLetters(parked).upcasters(missingV2)
                .config(EngineConfig.DEFAULT.withRetryDelays(Duration.ofMillis(1), Duration.ofMillis(2)))
                .register(orders(FailurePolicy.deadLetter(0)), store, ProjectionMode.PERSISTENT).build()) {
            engine.start();
            assertThat(engine.awaitCaughtUp(WAIT)).isTrue();
            List<DeadLetter> letters = engine.deadLetters("upcast-orders");
            assertThat(letters).singleElement().satisfies(letter -> {
                assertThat(letter.event().position()).isEqualTo(2);
                assertThat(letter.error()).contains(EventDecodingException.class.getSimpleName())
                        .contains("[order.created] version [2] at position [2]");
            });
            assertThat(model(engine)).isEqualTo(List.of("o-8 c-8 EUR 0 0"));
        }
        try (ProjectionEngine engine = ProjectionEngine.builder(events).deadLetters(parked).upcasters(UPCASTERS)
                .register(orders(FailurePolicy.deadLetter(0)), store, ProjectionMode.PERSISTENT).build()) {
            engine.start();
            assertThat(engine.replayDeadLetters("upcast-orders").replayed()).isEqualTo(1);
            assertThat(model(engine)).isEqualTo(List.of("o-8 c-8 EUR 0 0", "o-9 c-9 USD 0 0"));
            assertThat(engine.deadLetters("upcast-orders")).isEmpty();
        }
    }

    @Test
    void withoutUpcastersTheOldTypeNamesAreNotReadAndOldShapesDoNotFit() throws InterruptedException {
        appendOneStreamEach(events, legacyHistory());
        try (ProjectionEngine engine = ProjectionEngine.builder(events)
                .register(orders(FailurePolicy.deadLetter(0)), store, ProjectionMode.PERSISTENT).build()) {
            engine.start();
            assertThat(engine.awaitCaughtUp(WAIT)).isTrue();
            assertThat(model(engine)).as("the control: upcasting is what made the other tests pass")
                    .isNotEqualTo(EXPECTED).doesNotContain("o-1 c-1 EUR 2.5 1", "o-4 c-4 EUR 4.25 2");
        }
    }

    @Test
    void aProjectionThatStillHandlesARenamedTypeIsRefusedAtBuild() {
        Projection stale = Projection.named("stale").readModel(ORDERS)
                .on("order.placed", UpcastDomain.OrderCreated.class, ORDERS, UpcastDomain.OrderCreated::orderId,
                        (order, e) -> Document.of("customer_id", e.customerId()))
                .build();
        assertThatThrownBy(() -> ProjectionEngine.builder(events).upcasters(UPCASTERS)
                .register(stale, store, ProjectionMode.PERSISTENT).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("[stale] handles [order.placed], which the upcasters rename to [order.created]");
    }
}
