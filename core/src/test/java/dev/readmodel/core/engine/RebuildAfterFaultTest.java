package dev.readmodel.core.engine;

import static dev.readmodel.core.engine.TestDomain.ORDERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.error.ProjectionFailedException;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.projection.FailurePolicy;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.status.ProjectionState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A rebuild is a way out of a fault: it replays from scratch, and faults again only at a real failure. */
class RebuildAfterFaultTest {
    private static final EngineConfig FAST = EngineConfig.DEFAULT.withPollInterval(Duration.ofMillis(5))
            .withRetryDelays(Duration.ofMillis(1), Duration.ofMillis(4));

    enum Kind {
        TRUNCATE, ZERO_DOWNTIME;

        RebuildOptions options() {
            return this == TRUNCATE ? RebuildOptions.TRUNCATE : RebuildOptions.ZERO_DOWNTIME;
        }
    }

    private final InMemoryEventStore events = new InMemoryEventStore();
    private final InMemoryReadModelStore store = new InMemoryReadModelStore();
    private final AtomicBoolean broken = new AtomicBoolean(true);

    private Projection poisoned() {
        return Projection.named("orders").readModel(ORDERS).onFailure(FailurePolicy.fail(0))
                .on("order.created", TestDomain.OrderCreated.class, ORDERS, TestDomain.OrderCreated::orderId,
                        (current, e) -> {
                            if (e.orderId().equals("poison") && broken.get()) {
                                throw new IllegalStateException("cannot handle " + e.orderId());
                            }
                            return Document.of("customer_id", e.customerId(), "items", 0L);
                        })
                .build();
    }

    private void append(String... orders) {
        for (String order : orders) {
            events.append(order, ExpectedVersion.ANY, List.of(NewEvent.of("order.created", new TestDomain.OrderCreated(order, "c"))));
        }
    }

    /** A started engine whose projection faulted at the poison event, position 2 of 3. */
    private ProjectionEngine faultedAtThePoison() throws InterruptedException {
        append("a", "poison", "b");
        ProjectionEngine engine = ProjectionEngine.builder(events).config(FAST)
                .register(poisoned(), store, ProjectionMode.PERSISTENT).build();
        engine.start();
        FailureHandlingTest.awaitState(engine, ProjectionState.FAULTED);
        return engine;
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aRebuildOfAFaultedProjectionThatNoLongerFailsEndsTheFaultAndTheProjectionGoesOn(Kind kind) throws Exception {
        try (ProjectionEngine engine = faultedAtThePoison()) {
            broken.set(false); // the cause is gone, say a bad reference row was fixed

            RebuildResult result = engine.rebuild("orders", kind.options());

            assertThat(result.cancelled()).isFalse();
            assertThat(result.checkpoint()).isEqualTo(3);
            assertThat(engine.status("orders").lastError()).isEmpty();
            append("c");
            assertThat(engine.awaitCheckpoint("orders", 4, Duration.ofSeconds(10))).as("live again after the rebuild").isTrue();
            assertThat(engine.status("orders").state()).isNotEqualTo(ProjectionState.FAULTED);
            assertThat(engine.query("orders", Query.all())).extracting(d -> d.string("order_id"))
                    .containsExactlyInAnyOrder("a", "poison", "b", "c");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aRebuildThatMeetsTheSameFailureAgainNamesItsEventAndCause(Kind kind) throws Exception {
        try (ProjectionEngine engine = faultedAtThePoison()) {

            assertThatThrownBy(() -> engine.rebuild("orders", kind.options()))
                    .isInstanceOf(ProjectionFailedException.class)
                    .hasMessageContaining("[orders]").hasMessageContaining("[2]").hasMessageContaining("cannot handle poison");
            assertThat(engine.status("orders").state()).isEqualTo(ProjectionState.FAULTED);
        }
    }
}
