package dev.readmodel.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.error.ProjectionLockedException;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryProjectionLock;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.spi.ProjectionLock;
import dev.readmodel.core.status.ProjectionState;
import dev.readmodel.core.status.ProjectionStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Two engine instances of one projection over the same stores: one applies, the other waits and takes over. */
class ProjectionLockTest {
    private static final EngineConfig FAST = EngineConfig.DEFAULT.withPollInterval(Duration.ofMillis(5))
            .withRetryDelays(Duration.ofMillis(1), Duration.ofMillis(5)).withBatchSize(7);

    private final InMemoryEventStore events = new InMemoryEventStore();
    private final InMemoryReadModelStore store = new InMemoryReadModelStore();
    private final InMemoryProjectionLock lock = new InMemoryProjectionLock();
    private final Random random = new Random(7);

    private ProjectionEngine instance() {
        return ProjectionEngine.builder(events).config(FAST).lock(lock)
                .register(TestDomain.orders(), store, ProjectionMode.PERSISTENT).build();
    }

    private void appendOrders(int orders) {
        for (TestDomain.Append append : TestDomain.randomHistory(random, orders)) {
            events.append(append.stream() + "-" + events.size(), ExpectedVersion.ANY, List.of(append.event()));
        }
    }

    @Test
    void onlyTheLeaseHolderAppliesAndTheOtherTakesOverWhenItStops() throws Exception {
        appendOrders(30);
        ProjectionEngine first = instance();
        ProjectionEngine second = instance();
        try {
            first.start();
            assertThat(first.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
            second.start();
            await(second, s -> s.state() == ProjectionState.STANDBY);

            appendOrders(30);
            assertThat(first.awaitCheckpoint("orders", events.head().position(), Duration.ofSeconds(10))).isTrue();
            assertThat(second.status("orders").eventsApplied()).isZero();
            assertThat(second.status("orders").state()).isEqualTo(ProjectionState.STANDBY);
            assertThatThrownBy(() -> second.rebuild("orders", RebuildOptions.TRUNCATE))
                    .isInstanceOf(ProjectionLockedException.class).hasMessageContaining("[orders]");

            first.close();
            appendOrders(30);
            long head = events.head().position();
            await(second, s -> s.checkpoint() == head && s.state() == ProjectionState.LIVE);
            assertThat(second.status("orders").eventsApplied()).isPositive();
            assertThat(TestDomain.contents(store)).isEqualTo(TestDomain.cleanReplay(events));
        } finally {
            first.close();
            second.close();
        }
    }

    @Test
    void aLostLeaseStopsTheHolderBeforeItsNextBatchUntilItTakesTheLeaseAgain() throws Exception {
        appendOrders(10);
        AtomicBoolean heldElsewhere = new AtomicBoolean();
        AtomicBoolean lost = new AtomicBoolean();
        // as when the lock's store ends the holder's session and another instance takes the lease
        ProjectionLock revocable = projection -> heldElsewhere.get() ? Optional.empty() : Optional.of(new ProjectionLock.Lease() {
            @Override
            public boolean isHeld() {
                return !lost.get();
            }

            @Override
            public void close() {
            }
        });
        try (ProjectionEngine engine = ProjectionEngine.builder(events).config(FAST).lock(revocable)
                .register(TestDomain.orders(), store, ProjectionMode.PERSISTENT).build()) {
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
            heldElsewhere.set(true);
            lost.set(true);
            long checkpoint = engine.status("orders").checkpoint();
            appendOrders(10);
            await(engine, s -> s.state() == ProjectionState.STANDBY);
            Thread.sleep(50);
            assertThat(engine.status("orders").checkpoint()).isEqualTo(checkpoint);
            heldElsewhere.set(false);
            lost.set(false);
            await(engine, s -> s.checkpoint() == events.head().position());
            assertThat(TestDomain.contents(store)).isEqualTo(TestDomain.cleanReplay(events));
        }
    }

    private static void await(ProjectionEngine engine, Predicate<ProjectionStatus> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.test(engine.status("orders"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached: " + engine.status("orders"));
            }
            Thread.sleep(2);
        }
    }
}
