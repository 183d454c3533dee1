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

    @Test
    void aCallerOwnedAppendIsAnnouncedOnlyWhenTheCallerCommits() {
        List<Runnable> pending = new ArrayList<>();
        AppendTransactions caller = new AppendTransactions() {
            @Override
            public boolean callerOwned() {
                return true;
            }

            @Override
            public void afterCommit(Runnable action) {
                pending.add(action);
            }
        };
        try (ProjectionEngine engine = ProjectionEngine.builder(events)
                .register(TestDomain.orders(), store, ProjectionMode.INLINE)
                .appendTransactions(caller).build()) {
            engine.start();
            engine.append("o-1", ExpectedVersion.NO_STREAM, created("o-1", "c-1"));
            assertThat(engine.status("orders").checkpoint()).isZero();
            assertThat(pending).hasSize(1);

            pending.remove(0).run();
            assertThat(engine.status("orders").checkpoint()).isEqualTo(1);
            engine.append("o-2", ExpectedVersion.NO_STREAM, created("o-2", "c-1"));
            pending.remove(0).run();
            assertThat(engine.status("orders").checkpoint()).isEqualTo(2);
            assertThat(ordersOf(engine, "c-1")).isEqualTo(2);
        }
    }
}
