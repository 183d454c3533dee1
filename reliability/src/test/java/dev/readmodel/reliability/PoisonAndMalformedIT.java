package dev.readmodel.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.engine.ReplayResult;
import dev.readmodel.core.error.InvalidQueryException;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.projection.FailurePolicy;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.status.DeadLetter;
import dev.readmodel.core.status.ProjectionError;
import dev.readmodel.core.status.ProjectionState;
import dev.readmodel.core.status.ProjectionStatus;
import dev.readmodel.postgres.PostgresEventStore;
import dev.readmodel.testkit.SampleOrders;
import dev.readmodel.testkit.internal.ReliabilitySummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Per store: a poison event (a handler that always throws for it) under the default policy and under the
 * dead-letter policy; then malformed input (data that does not decode, an unknown type, an oversized
 * payload, queries with unknown fields, hostile strings and absurd limits). Each gets a specific error
 * naming what was wrong, no event is skipped or applied twice, and the engine keeps running.
 */
class PoisonAndMalformedIT {
    private static final EngineConfig FAST = EngineConfig.DEFAULT.withBatchSize(40).withPollInterval(Duration.ofMillis(20))
            .withRetryDelays(Duration.ofMillis(10), Duration.ofMillis(100));

    static List<String> stores() {
        return Drill.stores();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void poisonEventsStopOrParkAndMalformedInputIsRefusedNamingWhatWasWrong(String kind) throws Exception {
        poisonUnderTheDefaultPolicy(kind);
        poisonUnderTheDeadLetterPolicy(kind);
        malformedInput(kind);
    }

    private void poisonUnderTheDefaultPolicy(String kind) throws Exception {
        Drill.Target target = Drill.Target.fresh(kind);
        AtomicBoolean fixed = new AtomicBoolean();
        String tally = CrashWorker.PROJECTIONS.get(1);
        try (PostgresEventStore events = target.events();
                ProjectionEngine engine = ProjectionEngine.builder(events).config(FAST)
                        .register(SampleOrders.projection(CrashWorker.PROJECTIONS.get(0)), target.store(), ProjectionMode.PERSISTENT)
                        .register(Tally.projection(tally, FailurePolicy.DEFAULT, fixed::get), target.store(),
                                ProjectionMode.PERSISTENT)
                        .build()) {
            long poison = appendAroundAPoisonEvent(events, new Random(1));
            engine.start();
            ProjectionStatus faulted = Drill.await(tally + " faults", Duration.ofMinutes(1), () -> engine.status(tally),
                    s -> s.state() == ProjectionState.FAULTED);
            ProjectionError error = faulted.lastError().orElseThrow();
            assertThat(error.position()).isEqualTo(poison);
            assertThat(error.eventType()).isEqualTo(Tally.POISON);
            assertThat(error.message()).contains("[" + tally + "]").contains("[" + poison + "]").contains("handler bug");
            assertThat(faulted.checkpoint()).as("stopped just before the poison event").isEqualTo(poison - 1);

            // later events wait, nothing is skipped; the other projection goes on to the head
            SampleOrders.appendTo(events, SampleOrders.history(new Random(2), 10), "-late");
            long head = events.head().position();
            assertThat(engine.awaitCheckpoint(CrashWorker.PROJECTIONS.get(0), head, Duration.ofMinutes(1))).isTrue();
            assertThat(engine.status(tally).checkpoint()).isEqualTo(poison - 1);
            assertThat(engine.status(tally).state()).isEqualTo(ProjectionState.FAULTED);

            fixed.set(true); // the fix is deployed
            engine.restart(tally);
            assertThat(engine.awaitCheckpoint(tally, head, Duration.ofMinutes(1))).isTrue();
            Tally.Count count = Tally.count(target.store(), Drill.streamVersions(events));
            ReliabilitySummary.record("poison (fail)", kind, 1, 1, count.lost(), count.duplicated(), "faulted at position "
                    + poison + " naming it and the cause; later events waited at checkpoint " + (poison - 1)
                    + " while the other projection reached the head; after the fix and a restart it caught up");
            assertThat(count).isEqualTo(new Tally.Count(0, 0));
        }
    }

    private void poisonUnderTheDeadLetterPolicy(String kind) throws Exception {
        Drill.Target target = Drill.Target.fresh(kind);
        AtomicBoolean fixed = new AtomicBoolean();
        String tally = CrashWorker.PROJECTIONS.get(1);
        try (PostgresEventStore events = target.events();
                ProjectionEngine engine = ProjectionEngine.builder(events).config(FAST)
                        .register(Tally.projection(tally, FailurePolicy.deadLetter(1), fixed::get), target.store(),
                                ProjectionMode.PERSISTENT)
                        .build()) {
            long poison = appendAroundAPoisonEvent(events, new Random(3));
            long head = events.head().position();
            engine.start();
            assertThat(engine.awaitCheckpoint(tally, head, Duration.ofMinutes(1))).as("the rest continue").isTrue();
            List<DeadLetter> parked = engine.deadLetters(tally);
            assertThat(parked).extracting(letter -> letter.event().position()).containsExactly(poison);
            assertThat(parked.get(0).error()).contains("handler bug");
            assertThat(Tally.count(target.store(), Drill.streamVersions(events))).as("only the parked event is missing")
                    .isEqualTo(new Tally.Count(1, 0));

            fixed.set(true);
            ReplayResult replay = engine.replayDeadLetters(tally);
            assertThat(replay.replayed()).isEqualTo(1);
            assertThat(replay.stillFailing()).isEmpty();
            assertThat(engine.deadLetters(tally)).isEmpty();
            assertThat(engine.replayDeadLetters(tally).replayed()).as("nothing left to replay").isZero();
            Tally.Count count = Tally.count(target.store(), Drill.streamVersions(events));
            ReliabilitySummary.record("poison (dead letter)", kind, 1, 1, count.lost(), count.duplicated(),
                    "parked position " + poison + ", the " + (head - poison) + " events after it applied; the replay after "
                    + "the fix applied it once");
            assertThat(count).isEqualTo(new Tally.Count(0, 0));
        }
    }

    private void malformedInput(String kind) throws Exception {
        Drill.Target target = Drill.Target.fresh(kind);
        String orders = CrashWorker.PROJECTIONS.get(0);
        String tally = CrashWorker.PROJECTIONS.get(1);
        List<String> refusals = new ArrayList<>();
        try (PostgresEventStore events = target.events();
                ProjectionEngine engine = ProjectionEngine.builder(events).config(FAST)
                        .register(SampleOrders.projection(orders), target.store(), ProjectionMode.PERSISTENT)
                        .register(Tally.projection(tally), target.store(), ProjectionMode.PERSISTENT)
                        .build()) {
            SampleOrders.appendTo(events, SampleOrders.history(new Random(4), 20), "-0");
            events.append("mystery-1", ExpectedVersion.ANY, List.of(NewEvent.of("mystery.thing", Map.of("a", 1))));
            long undecodable = events.append("bad-1", ExpectedVersion.ANY, List.of(NewEvent.of("order.created",
                    Map.of("orderId", "o-bad", "customerId", List.of("not", "a", "string"), "createdAt", "yesterday"))))
                    .lastPosition();
            long head = events.head().position();

            // an oversized payload is refused before it reaches the event store
            assertThatThrownBy(() -> events.append("big-1", ExpectedVersion.ANY, List.of(NewEvent.of("doc.attached",
                    Map.of("body", "x".repeat(NewEvent.MAX_SIZE_BYTES + 1))))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[doc.attached]")
                    .hasMessageContaining(Integer.toString(NewEvent.MAX_SIZE_BYTES));
            refusals.add("oversized payload");
            assertThat(events.head().position()).isEqualTo(head);

            engine.start();
            ProjectionStatus faulted = Drill.await(orders + " faults", Duration.ofMinutes(1), () -> engine.status(orders),
                    s -> s.state() == ProjectionState.FAULTED);
            ProjectionError error = faulted.lastError().orElseThrow();
            assertThat(error.position()).isEqualTo(undecodable);
            assertThat(error.eventType()).isEqualTo("order.created");
            assertThat(error.message()).contains("EventDecodingException").contains("[" + undecodable + "]");
            refusals.add("undecodable data");
            // the unknown type is passed over by the projection that does not handle it, counted by the one that does
            assertThat(engine.awaitCheckpoint(tally, head, Duration.ofMinutes(1))).isTrue();
            refusals.add("unknown type passed over");

            assertThatThrownBy(() -> target.store().query(SampleOrders.ORDERS, Query.builder()
                    .where(Filter.eq("status; DROP TABLE x", "open")).build()))
                    .isInstanceOf(InvalidQueryException.class).hasMessageContaining("status; DROP TABLE x");
            refusals.add("unknown filter field");
            assertThatThrownBy(() -> target.store().query(SampleOrders.ORDERS, Query.builder().orderBy("-nope").build()))
                    .isInstanceOf(InvalidQueryException.class).hasMessageContaining("nope");
            refusals.add("unknown order field");
            for (String hostile : List.of("o-1' OR '1'='1", "o-1\\\\' --", "\\\"}] OR 1=1 --", "ö-1 ' ; DROP")) {
                assertThat(target.store().query(SampleOrders.ORDERS, Query.builder().where(Filter.eq("order_id", hostile))
                        .build())).as(hostile).isEmpty();
            }
            try {
                assertThat(target.store().query(SampleOrders.ORDERS, Query.builder().where(Filter.eq("order_id", "o-1\u0000"))
                        .build())).isEmpty();
            } catch (InvalidQueryException e) { // PostgreSQL text cannot hold NUL: refused, naming the field
                assertThat(e).hasMessageContaining("[order_id]").hasMessageContaining("NUL");
            }
            refusals.add("hostile strings matched nothing");
            assertThatThrownBy(() -> Query.builder().limit(Integer.MAX_VALUE).build())
                    .isInstanceOf(InvalidQueryException.class).hasMessageContaining("[" + Integer.MAX_VALUE + "]");
            assertThatThrownBy(() -> Query.builder().offset(-1).build()).isInstanceOf(InvalidQueryException.class)
                    .hasMessageContaining("[-1]");
            refusals.add("absurd limit and offset");
            assertThat(target.store().query(SampleOrders.ORDERS, Query.builder().limit(Query.MAX_LIMIT).build()))
                    .as("the read model is intact").isNotEmpty();

            Tally.Count count = Tally.count(target.store(), Drill.streamVersions(events));
            ReliabilitySummary.record("malformed input", kind, refusals.size(), refusals.size(), count.lost(),
                    count.duplicated(), String.join(", ", refusals) + "; each refused or faulted naming what was wrong");
            assertThat(count).isEqualTo(new Tally.Count(0, 0));
        }
    }

    /** Sample orders, one poison event, more sample orders; returns the poison event's position. */
    private static long appendAroundAPoisonEvent(PostgresEventStore events, Random random) {
        SampleOrders.appendTo(events, SampleOrders.history(random, 20), "-before");
        long poison = events.append("poison-1", ExpectedVersion.ANY, List.of(NewEvent.of(Tally.POISON, Map.of("dose", 1))))
                .lastPosition();
        SampleOrders.appendTo(events, SampleOrders.history(random, 20), "-after");
        return poison;
    }
}
