package dev.readmodel.core.engine;

import static dev.readmodel.core.engine.CommitNoticesTest.TALLIES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.query.Consistency;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.ForwardingReadModelStore;
import dev.readmodel.core.spi.WriteBatch;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Read-your-writes on a store that, as {@code WriteBatch#reachesHead} allows and Elasticsearch does, shows a
 * catch-up batch's writes only once a batch reaching the head commits.
 */
class DeferredVisibilityTest {
    /** Hides the documents a batch not reaching the head wrote until one that does is committed. */
    private static final class DeferringStore extends ForwardingReadModelStore {
        private final Set<String> hidden = new HashSet<>();

        DeferringStore() {
            super(new InMemoryReadModelStore());
        }

        @Override
        public synchronized void commit(WriteBatch batch) {
            super.commit(batch);
            if (batch.reachesHead()) {
                hidden.clear();
            } else {
                batch.writes().stream().map(DocumentWrite::id).forEach(hidden::add);
            }
        }

        @Override
        public synchronized List<Document> query(ReadModel model, Query query) {
            return super.query(model, query).stream().filter(d -> !hidden.contains(d.string(model.keyField()))).toList();
        }
    }

    @Test
    void aPositionReachedByACatchUpBatchIsAwaitedUntilTheStoreShowsIt() throws Exception {
        InMemoryEventStore events = new InMemoryEventStore();
        int backlog = 40;
        for (int i = 0; i < backlog; i++) {
            events.append("o-" + i, ExpectedVersion.ANY,
                    List.of(NewEvent.of("order.created", new TestDomain.OrderCreated("o-" + i, "c-" + i))));
        }
        try (ProjectionEngine engine = ProjectionEngine.builder(events)
                .config(EngineConfig.DEFAULT.withBatchSize(1).withPollInterval(Duration.ofMillis(5)))
                .register(CommitNoticesTest.tallies(), new DeferringStore(), ProjectionMode.PERSISTENT).build()) {
            engine.start();
            for (int i = 0; i < backlog; i++) {
                List<Document> answer = engine.query(TALLIES.name(),
                        Query.builder().where(Filter.eq("customer_id", "c-" + i)).build(),
                        Consistency.atLeast(i + 1, Duration.ofSeconds(10)));
                assertThat(answer).as("c-%s once position [%s] was awaited", i, i + 1).hasSize(1);
            }
            assertThat(engine.awaitPosition(List.of("tallies"), backlog, Duration.ZERO)).isTrue();
        }
    }
}
