package dev.readmodel.core.engine;

import static dev.readmodel.core.engine.TestDomain.CUSTOMERS;
import static dev.readmodel.core.engine.TestDomain.ORDERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.WriteBatch;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UnitOfWorkTest {
    private final InMemoryReadModelStore memory = new InMemoryReadModelStore();
    private final CountingStore store = new CountingStore(memory);
    private final Projection projection = TestDomain.orders();

    UnitOfWorkTest() {
        memory.prepare(List.of(ORDERS, CUSTOMERS));
    }

    private UnitOfWork work(boolean replayingParked) {
        return new UnitOfWork(projection, store, new DocumentCache(0), replayingParked);
    }

    /** An event at {@code position}; the unit of work reads only its position. */
    private static EventEnvelope at(long position) {
        return new EventEnvelope(position, "s", 1, "test.event", UUID.randomUUID(), Instant.EPOCH,
                JsonNodeFactory.instance.objectNode(), null);
    }

    /** A document as the store keeps it: with its key field, its values of the declared types. */
    private static Document conformed(ReadModel model, String id, Object... namesAndValues) {
        return model.conform(id, Document.of(namesAndValues));
    }

    private static Document order(String id, String status, long items) {
        return conformed(ORDERS, id, "status", status, "items", items);
    }

    private void stored(String id, String status, long version) {
        memory.commit(new WriteBatch("setup", List.of(new DocumentWrite.Put(ORDERS, id, order(id, status, 0), version)), 0));
    }

    @Test
    void severalWritesToOneDocumentFoldIntoOnePutOfItsFinalStateAtTheLastEvent() {
        UnitOfWork work = work(false);
        work.begin(at(5));
        work.put(ORDERS, "o-1", Document.of("status", "open", "items", 0L));
        work.begin(at(6));
        work.update(ORDERS, "o-1", d -> d.with("status", "shipped"));
        work.begin(at(7));
        work.update(ORDERS, "o-1", d -> d.plus("items", 2));
        assertThat(store.loads).as("the first write replaces the whole document: nothing to read yet").isZero();
        work.resolveBlindWrites();

        assertThat(work.writes()).containsExactly(new DocumentWrite.Put(ORDERS, "o-1", order("o-1", "shipped", 2), 7));
        assertThat(store.loads).as("one read, at commit, for the stored version").isEqualTo(1);
    }

    @Test
    void aDocumentPutThenDeletedIsOneDeleteAndOneDeletedThenPutIsOnePut() {
        stored("o-1", "open", 3);
        stored("o-2", "open", 3);
        UnitOfWork work = work(false);
        work.begin(at(10));
        work.put(ORDERS, "o-1", Document.of("status", "shipped"));
        work.delete(ORDERS, "o-2");
        work.begin(at(11));
        work.delete(ORDERS, "o-1");
        work.put(ORDERS, "o-2", Document.of("status", "reopened"));
        assertThat(work.get(ORDERS, "o-1")).as("the batch's own delete is the current state").isEmpty();
        work.resolveBlindWrites();

        assertThat(work.writes()).containsExactly(new DocumentWrite.Delete(ORDERS, "o-1", 11),
                new DocumentWrite.Put(ORDERS, "o-2", conformed(ORDERS, "o-2", "status", "reopened"), 11));
    }

    @Test
    void writesComeInTheOrderTheirDocumentsWereFirstTouchedAndReadsAloneWriteNothing() {
        stored("read-only", "open", 1);
        UnitOfWork work = work(false);
        work.begin(at(2));
        work.put(ORDERS, "c", Document.of("items", 1L));
        work.get(ORDERS, "read-only");
        work.update(CUSTOMERS, "a", d -> d.plus("orders", 1));
        work.begin(at(3));
        work.put(ORDERS, "b", Document.of("items", 1L));
        work.update(CUSTOMERS, "a", d -> d.plus("orders", 1));
        work.put(ORDERS, "c", Document.of("items", 2L));
        work.resolveBlindWrites();

        assertThat(work.writes()).extracting(w -> w.model().name() + "/" + w.id() + "@" + w.version())
                .containsExactly("orders/c@3", "customers/a@3", "orders/b@3");
        assertThat(work.writes().get(1)).isEqualTo(new DocumentWrite.Put(CUSTOMERS, "a",
                conformed(CUSTOMERS, "a", "orders", 2L), 3));
    }

    @Test
    void writesOfEventsTheStoredVersionAlreadyHoldsAreSkipped() {
        stored("o-1", "stored", 10);
        UnitOfWork work = work(false);
        work.begin(at(9));
        work.update(ORDERS, "o-1", d -> d.with("status", "replayed"));
        work.begin(at(10));
        work.delete(ORDERS, "o-1");
        assertThat(work.writes()).as("events 9 and 10 were applied before a crash").isEmpty();
        assertThat(work.get(ORDERS, "o-1")).contains(order("o-1", "stored", 0));

        work.begin(at(11));
        work.update(ORDERS, "o-1", d -> d.with("status", "new"));
        assertThat(work.writes()).containsExactly(new DocumentWrite.Put(ORDERS, "o-1", order("o-1", "new", 0), 11));
    }

    @Test
    void blindWritesTheStoredVersionShowsAsAppliedAreDroppedAtCommitWithOneReadPerReadModel() {
        stored("o-1", "stored", 10);
        UnitOfWork work = work(false);
        work.begin(at(8));
        work.put(ORDERS, "o-1", Document.of("status", "replayed"));
        work.put(ORDERS, "o-2", Document.of("status", "new"));
        work.put(CUSTOMERS, "c-1", Document.of("orders", 1L));
        assertThat(work.writes()).hasSize(3);
        assertThat(store.loads).isZero();

        work.resolveBlindWrites();
        assertThat(store.loads).as("one read per read model").isEqualTo(2);
        assertThat(work.writes()).containsExactly(
                new DocumentWrite.Put(ORDERS, "o-2", conformed(ORDERS, "o-2", "status", "new"), 8),
                new DocumentWrite.Put(CUSTOMERS, "c-1", conformed(CUSTOMERS, "c-1", "orders", 1L), 8));
    }

    @Test
    void aReplayedParkedEventIsAppliedThoughLaterEventsMovedTheVersionPastIt() {
        stored("o-1", "stored", 10);
        stored("o-2", "stored", 10);
        UnitOfWork work = work(true);
        work.begin(at(4));
        work.update(ORDERS, "o-1", d -> d.with("status", "fixed"));
        work.put(ORDERS, "o-2", Document.of("status", "fixed"));
        work.resolveBlindWrites();

        assertThat(work.writes()).as("the version stays that of the later event").containsExactly(
                new DocumentWrite.Put(ORDERS, "o-1", order("o-1", "fixed", 0), 10),
                new DocumentWrite.Put(ORDERS, "o-2", conformed(ORDERS, "o-2", "status", "fixed"), 4));
    }

    @Test
    void prefetchReadsEachReadModelOnceAndLaterReadsComeFromTheBatch() {
        stored("o-1", "stored", 1);
        UnitOfWork work = work(false);
        work.prefetch(List.of(new Projection.DocumentKey(ORDERS, "o-1"), new Projection.DocumentKey(ORDERS, "o-2"),
                new Projection.DocumentKey(CUSTOMERS, "c-1"), new Projection.DocumentKey(ORDERS, "o-1")));
        assertThat(store.loads).isEqualTo(2);

        work.begin(at(2));
        assertThat(work.get(ORDERS, "o-1")).contains(order("o-1", "stored", 0));
        assertThat(work.get(ORDERS, "o-2")).isEmpty();
        assertThat(work.get(CUSTOMERS, "c-1")).isEmpty();
        work.put(ORDERS, "o-2", Document.of("status", "new"));
        work.resolveBlindWrites();
        assertThat(store.loads).as("no read beyond the prefetch").isEqualTo(2);
        assertThat(work.writes()).extracting(DocumentWrite::id).containsExactly("o-2");
    }

    @Test
    void aReadModelTheProjectionDoesNotDeclareIsRefusedForReadsAndWrites() {
        ReadModel other = ReadModel.named("invoices").key("invoice_id").field("total", FieldType.DECIMAL).build();
        UnitOfWork work = work(false);
        work.begin(at(1));
        assertThatThrownBy(() -> work.get(other, "i-1")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("[orders]").hasMessageContaining("[invoices]");
        assertThatThrownBy(() -> work.put(other, "i-1", Document.empty())).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("[invoices]");
        assertThat(work.writes()).isEmpty();
    }

    @Test
    void afterCommitTheCacheKnowsEveryDocumentTheBatchSawSoTheNextBatchReadsNothing() {
        stored("o-1", "stored", 1);
        DocumentCache cache = new DocumentCache(100);
        UnitOfWork first = new UnitOfWork(projection, store, cache, false);
        first.begin(at(2));
        first.get(ORDERS, "o-1");
        first.put(ORDERS, "o-2", Document.of("status", "new"));
        first.resolveBlindWrites();
        memory.commit(new WriteBatch("orders", first.writes(), 2));
        first.publishTo(cache);
        int loads = store.loads;

        UnitOfWork second = new UnitOfWork(projection, store, cache, false);
        second.begin(at(3));
        assertThat(second.get(ORDERS, "o-1")).contains(order("o-1", "stored", 0));
        assertThat(second.get(ORDERS, "o-2")).contains(conformed(ORDERS, "o-2", "status", "new"));
        second.update(ORDERS, "o-2", d -> d.with("status", "shipped"));
        second.resolveBlindWrites();
        assertThat(store.loads).isEqualTo(loads);
        assertThat(second.writes()).containsExactly(new DocumentWrite.Put(ORDERS, "o-2",
                conformed(ORDERS, "o-2", "status", "shipped"), 3));
    }
}
