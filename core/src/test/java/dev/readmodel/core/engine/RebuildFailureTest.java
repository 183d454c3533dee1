package dev.readmodel.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.readmodel.core.error.StoreException;
import dev.readmodel.core.event.EventBatch;
import dev.readmodel.core.event.EventSource;
import dev.readmodel.core.event.EventTypeMatcher;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.event.StreamHead;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.status.ProjectionError;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A rebuild whose reads fail for good ends with that failure, wherever the read-ahead stood. */
class RebuildFailureTest {
    private final InMemoryEventStore events = new InMemoryEventStore();
    /** Counted down by the first read that fails; the handler of the first event waits for it. */
    private final CountDownLatch readFailed = new CountDownLatch(1);

    /** Reads fine up to position 3, then fails for good: by then the read-ahead queue is full. */
    private final EventSource failingAfterThree = new EventSource() {
        @Override
        public EventBatch read(long afterPosition, int maxCount, EventTypeMatcher types) {
            if (afterPosition >= 3) {
                readFailed.countDown();
                throw new StoreException("Event source [test] cannot read after position [" + afterPosition + "]");
            }
            return events.read(afterPosition, maxCount, types);
        }

        @Override
        public StreamHead head() {
            return events.head();
        }

        @Override
        public void awaitEvents(long afterPosition, Duration timeout) {
            // the rebuild runs before start(): no runner tails this source
        }
    };

    private Projection slowUntilTheReadFailed() {
        return Projection.named("orders")
                .readModel(TestDomain.ORDERS)
                .on("order.created", TestDomain.OrderCreated.class, (e, ctx) -> {
                    // the apply of the first batch waits until the reader has filled the queue and failed
                    assertThat(readFailed.await(5, TimeUnit.SECONDS)).isTrue();
                    ctx.put(TestDomain.ORDERS, e.orderId(), Document.of("customer_id", e.customerId(), "status", "open",
                            "total", java.math.BigDecimal.ZERO, "items", 0L));
                })
                .build();
    }

    @Test
    void aReadThatFailsWhileTheQueueIsFullEndsTheRebuildWithTheFailure() {
        for (int i = 1; i <= 8; i++) {
            events.append("order-" + i, ExpectedVersion.NO_STREAM,
                    List.of(NewEvent.of("order.created", new TestDomain.OrderCreated("o-" + i, "c-1"))));
        }
        InMemoryReadModelStore store = new InMemoryReadModelStore();
        try (ProjectionEngine engine = ProjectionEngine.builder(failingAfterThree)
                .config(EngineConfig.DEFAULT.withRebuildBatchSize(1))
                .register(slowUntilTheReadFailed(), store, ProjectionMode.PERSISTENT).build()) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                    assertThatThrownBy(() -> engine.rebuild("orders", RebuildOptions.TRUNCATE))
                            .isInstanceOf(StoreException.class)
                            .hasMessageContaining("cannot read after position [3]"));

            ProjectionError error = engine.status("orders").lastError().orElseThrow();
            assertThat(error.message()).contains("cannot read after position [3]");
            assertThat(error.transientFailure()).isFalse();
            assertThat(engine.isPartial("orders")).as("the truncated read model is not whole").isTrue();
        }
    }
}
