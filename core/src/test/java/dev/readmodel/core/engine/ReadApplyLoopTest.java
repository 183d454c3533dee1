package dev.readmodel.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.engine.ReadApplyLoop.Applying;
import dev.readmodel.core.engine.ReadApplyLoop.End;
import dev.readmodel.core.engine.ReadApplyLoop.Plan;
import dev.readmodel.core.error.ProjectionFailedException;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.event.StreamHead;
import dev.readmodel.core.memory.InMemoryDeadLetterStore;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.projection.ProjectionMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReadApplyLoopTest {
    private final InMemoryEventStore events = new InMemoryEventStore();
    private final InMemoryReadModelStore store = new InMemoryReadModelStore();
    private final Projection projection = TestDomain.orders();
    private final RunnerStatus status = new RunnerStatus("orders", ProjectionMode.PERSISTENT);

    private ApplyTarget target() {
        store.prepare(projection.readModels());
        BatchApplier applier = new BatchApplier(projection, status, new InMemoryDeadLetterStore(),
                new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)), millis -> false);
        return new ApplyTarget(store, applier, new DocumentCache(100), status);
    }

    private void appendHistory(int orders) {
        for (TestDomain.Append a : TestDomain.randomHistory(new Random(7), orders)) {
            events.append(a.stream(), ExpectedVersion.ANY, List.of(a.event()));
        }
    }

    @Test
    void batchAfterBatchUntilCaughtUpEqualsOneCleanReplay() throws Exception {
        appendHistory(40);
        List<Long> committed = new ArrayList<>();
        ReadApplyLoop.Listener listener = new ReadApplyLoop.Listener() {
            @Override
            public void committed(BatchSource.Read read) {
                committed.add(read.readUpTo());
            }
        };
        End end = ReadApplyLoop.run(BatchSource.direct(events, projection, 7), target(), 0,
                new Plan(Applying.POLICY, Integer.MAX_VALUE, () -> false, listener));

        assertThat(end).isEqualTo(End.CAUGHT_UP);
        assertThat(committed).isSorted().last().isEqualTo(events.size());
        assertThat(status.checkpoint()).isEqualTo(events.size());
        assertThat(status.headPosition()).isEqualTo(events.size());
        assertThat(TestDomain.contents(store)).isEqualTo(TestDomain.cleanReplay(events));
    }

    @Test
    void aPlanOfOneBatchStopsAfterItAndAStopConditionBeforeAnyRead() throws Exception {
        appendHistory(10);
        ApplyTarget target = target();
        End one = ReadApplyLoop.run(BatchSource.direct(events, projection, 3), target, 0,
                new Plan(Applying.POLICY, 1, () -> false, ReadApplyLoop.Listener.NONE));
        assertThat(one).isEqualTo(End.MORE);
        assertThat(status.checkpoint()).isEqualTo(3);

        BatchSource never = after -> {
            throw new AssertionError("read after a stop");
        };
        assertThat(ReadApplyLoop.run(never, target, 3, new Plan(Applying.POLICY, 1, () -> true,
                ReadApplyLoop.Listener.NONE))).isEqualTo(End.STOPPED);
        assertThat(ReadApplyLoop.run(after -> null, target, 3, Plan.untilCaughtUp(Applying.POLICY)))
                .isEqualTo(End.NO_READ);
    }

    @Test
    void aBatchHoldingEventsAppendedAfterTheHeadWasReadRaisesTheHeadToThem() throws Exception {
        appendHistory(3);
        StreamHead stale = new StreamHead(2, Instant.EPOCH); // read before the third event was appended
        BatchSource raced = after -> BatchSource.Read.of(events.read(after, 100, projection.handledTypes()), stale);
        ReadApplyLoop.run(raced, target(), 0, new Plan(Applying.POLICY, 1, () -> false, ReadApplyLoop.Listener.NONE));
        long readUpTo = status.checkpoint();
        assertThat(readUpTo).isGreaterThan(2);
        // a runner that then blocks in its next batch still shows how far the source is, not the stale head
        assertThat(status.snapshot().head()).isEqualTo(readUpTo);
    }

    @Test
    void readsBeforeABoundStopThereAsIfItWereTheHead() throws Exception {
        appendHistory(10);
        long bound = 6;
        End end = ReadApplyLoop.run(BatchSource.before(bound, events, projection, 4), target(), 0,
                Plan.untilCaughtUp(Applying.ONCE));
        assertThat(end).isEqualTo(End.CAUGHT_UP);
        assertThat(status.checkpoint()).isEqualTo(bound - 1);
        assertThat(store.checkpoint("orders")).isEqualTo(bound - 1);
    }

    @Test
    void applyingOnceThrowsTheHandlersFailureInsteadOfFaulting() {
        events.append("s", ExpectedVersion.ANY, List.of(NewEvent.of("order.shipped", new TestDomain.OrderShipped("none"))));
        EventEnvelope shipped = events.read(0, 10, projection.handledTypes()).events().get(0);
        BatchSource.Read read = new BatchSource.Read(List.of(shipped), null, shipped.position(), null);
        assertThatThrownBy(() -> ReadApplyLoop.apply(read, target(), Applying.ONCE))
                .isInstanceOf(ProjectionFailedException.class)
                .hasMessageContaining("[orders]");
        assertThat(status.checkpoint()).isZero();
    }
}
