package dev.readmodel.core.engine;

import static dev.readmodel.core.engine.TestDomain.CUSTOMERS;
import static dev.readmodel.core.engine.TestDomain.ORDERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.error.InvalidQueryException;
import dev.readmodel.core.error.SetLimitExceededException;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.DocumentWriter;
import dev.readmodel.core.spi.ForwardingReadModelStore;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.core.spi.StoredDocument;
import dev.readmodel.core.spi.WriteBatch;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What one set-based write asks of the store, and what it refuses. */
class SetBasedWriteTest {
    private final InMemoryReadModelStore memory = new InMemoryReadModelStore();
    private final LookupCounting store = new LookupCounting(memory);

    SetBasedWriteTest() {
        memory.prepare(List.of(ORDERS, CUSTOMERS));
        List<DocumentWrite> writes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = "o-" + i;
            writes.add(new DocumentWrite.Put(ORDERS, id, ORDERS.conform(id, Document.of("status", i < 12 ? "open" : "paid",
                    "items", 1L)), 10));
        }
        memory.commit(new WriteBatch("setup", writes, 0));
    }

    private UnitOfWork work(DocumentWriter writer) {
        return new UnitOfWork(TestDomain.orders(), writer, new DocumentCache(0), false);
    }

    private static EventEnvelope at(long position) {
        return new EventEnvelope(position, "s", 1, "test.event", UUID.randomUUID(), Instant.EPOCH,
                JsonNodeFactory.instance.objectNode(), null);
    }

    @Test
    void oneSetBasedWriteCostsOneLookUpAndOneLoadOfTheDocumentsTheBatchDoesNotHold() {
        UnitOfWork work = work(store);
        work.begin(at(11));
        work.get(ORDERS, "o-0");
        work.put(ORDERS, "new", Document.of("status", "open", "items", 0L));
        int loadsBefore = store.loads;
        store.loaded.clear();
        work.updateAll(ORDERS, Filter.eq("status", "open"), d -> d.with("status", "closed"));
        assertThat(store.lookups).isEqualTo(1);
        assertThat(store.asked).isEqualTo(10_000 + 2 + 1); // the limit, the two documents the batch holds, one more
        assertThat(store.loads - loadsBefore).isEqualTo(1);
        assertThat(store.loaded).hasSize(11).doesNotContain("o-0"); // o-1 to o-11: o-0 was held already
        work.resolveBlindWrites();
        assertThat(work.writes()).hasSize(13).allSatisfy(w -> {
            assertThat(w.version()).isEqualTo(11);
            assertThat(((DocumentWrite.Put) w).document().string("status")).isEqualTo("closed");
        });
    }

    @Test
    void anEventTheStoredVersionsAlreadyHoldWritesNothing() {
        UnitOfWork work = work(store);
        work.begin(at(10));
        work.updateAll(ORDERS, Filter.eq("status", "paid"), d -> d.plus("items", 1));
        assertThat(work.writes()).isEmpty();
    }

    @Test
    void exactlyTheLimitPassesAndOneMoreFailsNamingTheWrite() {
        UnitOfWork work = work(store);
        work.begin(at(11));
        work.updateAll(ORDERS, List.of(Filter.eq("status", "paid")), 8, d -> d.plus("items", 1));
        assertThat(work.writes()).hasSize(8);
        work.begin(at(12));
        work.put(ORDERS, "o-0", Document.of("status", "paid", "items", 1L));
        assertThatThrownBy(() -> work.updateAll(ORDERS, List.of(Filter.eq("status", "paid")), 8, d -> d.plus("items", 1)))
                .isInstanceOf(SetLimitExceededException.class)
                .hasMessage("Set-based write of projection [orders] at position [12] matches more than [8] documents of read"
                        + " model [orders] with filters [Equals[field=status, value=paid]]: narrow the filters or raise the"
                        + " limit (at most 100000)");
    }

    @Test
    void aLimitOutOfRangeAnUndeclaredFieldAndAWriterWithoutLookUpsAreRefused() {
        UnitOfWork work = work(store);
        work.begin(at(11));
        assertThatThrownBy(() -> work.updateAll(ORDERS, List.of(), 0, d -> d))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("[0]").hasMessageContaining("1 to 100000");
        assertThatThrownBy(() -> work.updateAll(ORDERS, Filter.eq("colour", "red"), d -> d))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("colour");
        DocumentWriter plain = new DocumentWriter() {
            @Override
            public Map<String, StoredDocument> load(ReadModel model, Collection<String> ids) {
                return memory.load(model, ids);
            }

            @Override
            public void commit(WriteBatch batch) {
                memory.commit(batch);
            }

            @Override
            public long checkpoint(String projection) {
                return 0;
            }
        };
        UnitOfWork withoutLookUps = work(plain);
        withoutLookUps.begin(at(11));
        assertThatThrownBy(() -> withoutLookUps.deleteAll(ORDERS, Filter.eq("status", "paid")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("[orders]")
                .hasMessageContaining(plain.getClass().getName());
        assertThat(store.lookups).isZero();
    }

    /** Counts id look-ups and the ids loaded. */
    private static final class LookupCounting extends ForwardingReadModelStore {
        int lookups;
        int asked;
        int loads;
        final List<String> loaded = new ArrayList<>();

        LookupCounting(ReadModelStore delegate) {
            super(delegate);
        }

        @Override
        public List<String> matchingIds(ReadModel model, List<Filter> filters, int limit) {
            lookups++;
            asked = limit;
            return delegate.matchingIds(model, filters, limit);
        }

        @Override
        public Map<String, StoredDocument> load(ReadModel model, Collection<String> ids) {
            loads++;
            loaded.addAll(ids);
            return delegate.load(model, ids);
        }
    }
}
