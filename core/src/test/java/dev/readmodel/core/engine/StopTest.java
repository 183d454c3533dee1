package dev.readmodel.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.error.CancelledException;
import dev.readmodel.core.error.StoreException;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.spi.ForwardingReadModelStore;
import dev.readmodel.core.spi.WriteBatch;
import dev.readmodel.core.status.ProjectionState;
import dev.readmodel.core.status.ProjectionStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** A store call that the engine's stop interrupts never faults the projection, whatever the store throws. */
class StopTest {
    private final InMemoryEventStore events = new InMemoryEventStore();
    private final CountDownLatch committing = new CountDownLatch(1);

    /** A store whose commits block until interrupted, then fail as {@code onInterrupt} says. */
    private ForwardingReadModelStore blockingUntilInterrupted(Function<InterruptedException, RuntimeException> onInterrupt) {
        return new ForwardingReadModelStore(new InMemoryReadModelStore()) {
            @Override
            public void commit(WriteBatch batch) {
                committing.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw onInterrupt.apply(e);
                }
            }
        };
    }

    private ProjectionStatus closeWhileCommitting(ForwardingReadModelStore store) throws Exception {
        ProjectionEngine engine = ProjectionEngine.builder(events)
                .config(new EngineConfig(500, 5_000, Duration.ofMillis(5), Duration.ofMillis(1), Duration.ofMillis(10), 100,
                        Duration.ZERO, 0))
                .register(TestDomain.orders(), store, ProjectionMode.PERSISTENT).build();
        engine.start();
        events.append("order-1", ExpectedVersion.NO_STREAM,
                List.of(NewEvent.of("order.created", new TestDomain.OrderCreated("o-1", "c-1"))));
        assertThat(committing.await(10, TimeUnit.SECONDS)).as("the runner is in its commit").isTrue();
        engine.close(); // the stop timeout is zero: the runner is interrupted in its commit
        return engine.status("orders");
    }

    @Test
    void aCommitInterruptedAsCancelledStopsTheProjection() throws Exception {
        ProjectionStatus status = closeWhileCommitting(blockingUntilInterrupted(
                e -> new CancelledException("Commit of projection [orders] interrupted", e)));
        assertThat(status.state()).isEqualTo(ProjectionState.STOPPED);
        assertThat(status.lastError()).isEmpty();
    }

    @Test
    void aCommitInterruptedAsAStoreFailureStopsTheProjectionToo() throws Exception {
        ProjectionStatus status = closeWhileCommitting(blockingUntilInterrupted(
                e -> new StoreException("Driver [test] lost its connection to the interrupt", e)));
        assertThat(status.state()).isEqualTo(ProjectionState.STOPPED);
        assertThat(status.lastError()).isEmpty();
    }
}
