package dev.readmodel.core.engine;

import static dev.readmodel.core.engine.TestDomain.ORDERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.projection.FailurePolicy;
import dev.readmodel.core.projection.NativeWork;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.projection.StoreWork;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.spi.ForwardingReadModelStore;
import dev.readmodel.core.spi.WriteBatch;
import dev.readmodel.core.status.ProjectionError;
import dev.readmodel.core.status.ProjectionState;
import dev.readmodel.core.status.ProjectionStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Store-native work through the engine, on the memory store and on a store that runs a test kind of work. */
class NativeWorkTest {
    private static final EngineConfig FAST = EngineConfig.DEFAULT.withPollInterval(Duration.ofMillis(5))
            .withRetryDelays(Duration.ofMillis(1), Duration.ofMillis(4));

    /** A test kind of store work: a line the store appends to its log in the commit. */
    @FunctionalInterface
    interface LogWork extends StoreWork {
        String line();
    }

    /** Runs {@link LogWork}: the lines of each committed batch, after its documents; "fail" fails the batch. */
    static final class LoggingStore extends ForwardingReadModelStore {
        final List<String> log = new ArrayList<>();
        final List<String> accepted = new ArrayList<>();

        LoggingStore(InMemoryReadModelStore memory) {
            super(memory);
        }

        @Override
        public void acceptNativeWork(String projection, NativeWork work) {
            if (work.kind() != LogWork.class) {
                super.acceptNativeWork(projection, work);
            }
            accepted.add(projection + work.tables());
        }

        @Override
        public synchronized void commit(WriteBatch batch) {
            List<String> lines = new ArrayList<>();
            for (WriteBatch.Work work : batch.work()) {
                String line = ((LogWork) work.work()).line();
                if (line.startsWith("fail")) {
                    throw work.failed(batch.projection(), new IllegalStateException("refused " + line));
                }
                lines.add(work.position() + ":" + line + ":" + documents(batch));
            }
            delegate.commit(batch);
            log.addAll(lines);
        }

        private int documents(WriteBatch batch) {
            return batch.writes().size();
        }
    }

    private final InMemoryEventStore events = new InMemoryEventStore();
    private final InMemoryReadModelStore memory = new InMemoryReadModelStore();

    private static Projection logging(FailurePolicy policy) {
        return Projection.named("orders").readModel(ORDERS).onFailure(policy).nativeWork(LogWork.class, "order_log")
                .on("order.created", TestDomain.OrderCreated.class, (e, context) -> {
                    context.put(ORDERS, e.orderId(), Document.of("customer_id", e.customerId(), "items", 0L));
                    context.nativeWork(LogWork.class, () -> e.customerId());
                    context.nativeWork(LogWork.class, () -> "second " + e.orderId());
                })
                .build();
    }

    private void created(String... orderAndCustomer) {
        for (int i = 0; i < orderAndCustomer.length; i += 2) {
            events.append(orderAndCustomer[i], ExpectedVersion.ANY, List.of(NewEvent.of("order.created",
                    new TestDomain.OrderCreated(orderAndCustomer[i], orderAndCustomer[i + 1]))));
        }
    }

    @Test
    void theMemoryStoreRefusesNativeWorkWhenTheEngineStartsNamingProjectionKindAndStore() {
        created("a", "c1");
        try (ProjectionEngine engine = ProjectionEngine.builder(events).config(FAST)
                .register(logging(FailurePolicy.DEFAULT), memory, ProjectionMode.PERSISTENT).build()) {
            assertThatThrownBy(engine::start).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("[orders]").hasMessageContaining("[memory]")
                    .hasMessageContaining(LogWork.class.getName());
            assertThat(memory.checkpoint("orders")).as("nothing ran").isZero();
        }
    }

    @Test
    void workReachesTheStoreInEventOrderInTheCommitOfItsBatch() throws Exception {
        created("a", "c1", "b", "c2");
        LoggingStore store = new LoggingStore(memory);
        try (ProjectionEngine engine = ProjectionEngine.builder(events).config(FAST)
                .register(logging(FailurePolicy.DEFAULT), store, ProjectionMode.PERSISTENT).build()) {
            engine.start();
            assertThat(engine.awaitCheckpoint("orders", 2, Duration.ofSeconds(5))).isTrue();
            assertThat(store.accepted).containsExactly("orders[order_log]");
            assertThat(store.log).as("in event order, in the one batch that also writes both documents")
                    .containsExactly("1:c1:2", "1:second a:2", "2:c2:2", "2:second b:2");
            assertThat(engine.query("orders", Query.all())).hasSize(2);
        }
    }

    @Test
    void failingWorkIsAFailureOfItsEventsHandlerUnderTheFailurePolicy() throws Exception {
        created("a", "c1", "b", "fail-me", "c", "c3");
        LoggingStore store = new LoggingStore(memory);
        try (ProjectionEngine engine = ProjectionEngine.builder(events).config(FAST)
                .register(logging(FailurePolicy.fail(1)), store, ProjectionMode.PERSISTENT).build()) {
            engine.start();
            ProjectionEngineTest.waitForState(engine, ProjectionState.FAULTED);
            ProjectionStatus status = engine.status().get(0);
            assertThat(status.checkpoint()).as("the event before the failing work commits alone").isEqualTo(1);
            ProjectionError error = status.lastError().orElseThrow();
            assertThat(error.position()).isEqualTo(2);
            assertThat(error.message()).contains("[orders]").contains("[2]").contains("refused fail-me");
            assertThat(engine.query("orders", Query.all())).extracting(d -> d.string("order_id")).containsExactly("a");
            assertThat(store.log).containsExactly("1:c1:1", "1:second a:1");
        }
    }

    @Test
    void aHandlerThatAddsWorkWithoutDeclaringItFails() throws Exception {
        created("a", "c1");
        Projection undeclared = Projection.named("orders").readModel(ORDERS).onFailure(FailurePolicy.fail(0))
                .on("order.created", TestDomain.OrderCreated.class,
                        (e, context) -> context.nativeWork(LogWork.class, () -> "x"))
                .build();
        try (ProjectionEngine engine = ProjectionEngine.builder(events).config(FAST)
                .register(undeclared, new LoggingStore(memory), ProjectionMode.PERSISTENT).build()) {
            engine.start();
            ProjectionEngineTest.waitForState(engine, ProjectionState.FAULTED);
            assertThat(engine.status().get(0).lastError().orElseThrow().message())
                    .contains("without declaring it").contains("nativeWork(LogWork.class");
        }
    }
}
