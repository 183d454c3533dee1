package dev.readmodel.core.engine;

import static dev.readmodel.core.engine.CommitNoticesTest.TALLIES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.error.ProjectionFailedException;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.query.Consistency;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Query;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An inline projection's checkpoint, as {@code status}, {@code awaitPosition} and {@code Consistency.atLeast}
 * see it, moves only once the append's transaction has committed: never for an append that rolls back,
 * and never while it is still open.
 */
class InlineCheckpointTest {
    private static final ReadModel SECOND = ReadModel.named("second").key("customer_id").build();
    private static final Query C1 = Query.builder().where(Filter.eq("customer_id", "c-1")).build();

    private final InMemoryEventStore events = new InMemoryEventStore();
    private final InMemoryReadModelStore store = new InMemoryReadModelStore();

    /** A second inline projection, applied after the first in the same transaction, running {@code hook} first. */
    private static Projection second(Runnable hook) {
        return Projection.named("second").readModel(SECOND)
                .on("order.created", TestDomain.OrderCreated.class, SECOND, TestDomain.OrderCreated::customerId,
                        (current, e) -> {
                            hook.run();
                            if (e.orderId().startsWith("bad")) {
                                throw new IllegalArgumentException("refused [" + e.orderId() + "]");
                            }
                            return Document.empty();
                        })
                .build();
    }

    private ProjectionEngine engine(Runnable hook) {
        return ProjectionEngine.builder(events)
                .register(CommitNoticesTest.tallies(), store, ProjectionMode.INLINE)
                .register(second(hook), store, ProjectionMode.INLINE).build();
    }

    private static List<NewEvent> created(String order) {
        return List.of(NewEvent.of("order.created", new TestDomain.OrderCreated(order, "c-1")));
    }

    @Test
    void anAppendRolledBackByALaterInlineProjectionLeavesTheFirstOnesCheckpointWhereItWas() throws Exception {
        try (ProjectionEngine engine = engine(() -> { })) {
            engine.start();
            long good = engine.append("o-1", ExpectedVersion.ANY, created("o-1")).lastPosition();
            assertThatThrownBy(() -> engine.append("bad-1", ExpectedVersion.ANY, created("bad-1")))
                    .isInstanceOf(ProjectionFailedException.class).hasMessageContaining("[second]");
            assertThat(events.head().position()).isEqualTo(good);
            assertThat(store.checkpoint("tallies")).isEqualTo(good);
            assertThat(engine.status("tallies").checkpoint()).as("status of a rolled-back append").isEqualTo(good);
            assertThat(engine.awaitPosition("tallies", good + 1, Duration.ZERO)).isFalse();
            assertThat(engine.query(TALLIES.name(), C1).get(0).longValue("n", 0)).isEqualTo(1);
        }
    }

    @Test
    void whileTheAppendsTransactionIsOpenItsPositionIsNotReportedCommitted() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        boolean[] hold = {false};
        try (ProjectionEngine engine = engine(() -> {
            if (hold[0]) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        })) {
            engine.start();
            long first = engine.append("o-1", ExpectedVersion.ANY, created("o-1")).lastPosition();
            hold[0] = true;
            CompletableFuture<Long> append = CompletableFuture.supplyAsync(
                    () -> engine.append("o-2", ExpectedVersion.ANY, created("o-2")).lastPosition());
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            // "tallies" has applied o-2 in the open transaction; "second" is in its handler
            assertThat(engine.awaitPosition("tallies", first + 1, Duration.ofMillis(50)))
                    .as("position [%s] is not committed yet", first + 1).isFalse();
            assertThat(engine.status("tallies").checkpoint()).isEqualTo(first);
            release.countDown();
            long second = append.get(10, TimeUnit.SECONDS);
            assertThat(engine.awaitPosition(List.of("tallies", "second"), second, Duration.ZERO)).isTrue();
            assertThat(engine.query(TALLIES.name(), C1, Consistency.atLeast(second, Duration.ZERO)).get(0)
                    .longValue("n", 0)).isEqualTo(2);
        }
    }
}
