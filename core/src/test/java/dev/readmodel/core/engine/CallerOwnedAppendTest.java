package dev.readmodel.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.spi.AppendTransactions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Appends whose transaction the caller commits later (a framework's transaction manager). */
class CallerOwnedAppendTest {
    private final InMemoryEventStore events = new InMemoryEventStore();
    private final InMemoryReadModelStore store = new InMemoryReadModelStore();

    private static List<NewEvent> created(String order, String customer) {
        return List.of(NewEvent.of("order.created", new TestDomain.OrderCreated(order, customer)));
    }

    private long ordersOf(ProjectionEngine engine, String customer) {
        return engine.query("customers", Query.all()).stream()
                .filter(d -> d.string("customer_id").equals(customer))
                .findFirst().orElseThrow().longValue("orders", -1);
    }

    /** Caller-owned appends on the threads that say so; what they defer runs when the test says they committed. */
    private static final class CallerTransactions implements AppendTransactions {
        final ThreadLocal<Boolean> owned = ThreadLocal.withInitial(() -> true);
        final List<Runnable> pending = new ArrayList<>();
        final List<Runnable> completions = new ArrayList<>();

        @Override
        public boolean callerOwned() {
            return owned.get();
        }

        @Override
        public synchronized void afterCommit(Runnable action) {
            pending.add(action);
        }

        @Override
        public synchronized void afterCompletion(Runnable action) {
            completions.add(action);
        }

        /** The caller's transaction commits: what waited for the commit, then what waited for the end. */
        synchronized void commit() {
            pending.forEach(Runnable::run);
            pending.clear();
            completions.forEach(Runnable::run);
            completions.clear();
        }
    }

    @Test
    void aCallerOwnedAppendIsAnnouncedOnlyWhenTheCallerCommits() {
        CallerTransactions caller = new CallerTransactions();
        List<Runnable> pending = caller.pending;
        try (ProjectionEngine engine = ProjectionEngine.builder(events)
                .register(TestDomain.orders(), store, ProjectionMode.INLINE)
                .appendTransactions(caller).build()) {
            engine.start();
            engine.append("o-1", ExpectedVersion.NO_STREAM, created("o-1", "c-1"));
            assertThat(engine.status("orders").checkpoint()).isZero();
            assertThat(pending).hasSize(1);

            caller.commit();
            assertThat(engine.status("orders").checkpoint()).isEqualTo(1);
            engine.append("o-2", ExpectedVersion.NO_STREAM, created("o-2", "c-1"));
            caller.commit();
            assertThat(engine.status("orders").checkpoint()).isEqualTo(2);
            assertThat(ordersOf(engine, "c-1")).isEqualTo(2);
        }
    }

    @Test
    void anotherThreadsAppendWaitsForTheCallersTransactionToEndNotInsideIt() throws Exception {
        CallerTransactions caller = new CallerTransactions();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try (ProjectionEngine engine = ProjectionEngine.builder(events)
                .register(TestDomain.orders(), store, ProjectionMode.INLINE)
                .appendTransactions(caller).build()) {
            engine.start();
            engine.append("o-1", ExpectedVersion.NO_STREAM, created("o-1", "c-1"));
            Future<?> waiting = other.submit(() -> {
                caller.owned.set(false);
                engine.append("o-2", ExpectedVersion.NO_STREAM, created("o-2", "c-2"));
            });
            // the caller's transaction goes on appending: the lock it holds is its own
            engine.append("o-3", ExpectedVersion.NO_STREAM, created("o-3", "c-1"));
            Thread.sleep(200);
            assertThat(waiting).as("waits while the caller's transaction is open").isNotDone();
            caller.commit();
            waiting.get(10, TimeUnit.SECONDS);
            assertThat(engine.status("orders").checkpoint()).isEqualTo(3);
            assertThat(ordersOf(engine, "c-1")).isEqualTo(2);
            assertThat(ordersOf(engine, "c-2")).isEqualTo(1);
        } finally {
            other.shutdownNow();
        }
    }
}
