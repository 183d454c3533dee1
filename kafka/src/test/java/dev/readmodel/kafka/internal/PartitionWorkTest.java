package dev.readmodel.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.error.InvalidDocumentException;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.event.Json;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.WriteBatch;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PartitionWorkTest {
    private static final ReadModel CARTS = ReadModel.named("carts").key("cart_id").field("items", FieldType.LONG).build();

    private static EventEnvelope event(long position) {
        return new EventEnvelope(position, "cart-1", position, "cart.changed", UUID.randomUUID(), Instant.EPOCH,
                Json.parse("{}"), null);
    }

    @Test
    void foldsABatchIntoOneWritePerDocumentInTheOrderOfFirstWriteWithTheLastRecordsOffsetAsVersion() {
        InMemoryReadModelStore store = new InMemoryReadModelStore();
        store.prepare(List.of(CARTS));
        store.commit(new WriteBatch("p", List.of(new DocumentWrite.Put(CARTS, "b", CARTS.conform("b",
                Document.of("items", 5L)), 1)), 1));
        PartitionWork work = new PartitionWork(store);
        work.at(event(10), 10 - 1); // the offset before the version
        work.put(CARTS, "a", Document.of("items", 1L));
        work.at(event(11), 11 - 1); // the offset before the version
        assertThat(work.get(CARTS, "b").orElseThrow().longValue("items", 0)).isEqualTo(5);
        work.put(CARTS, "b", work.get(CARTS, "b").orElseThrow().plus("items", 1));
        work.at(event(12), 12 - 1); // the offset before the version
        work.put(CARTS, "a", work.get(CARTS, "a").orElseThrow().plus("items", 1));
        work.delete(CARTS, "b");

        assertThat(work.writes()).containsExactly(
                new DocumentWrite.Put(CARTS, "a", CARTS.conform("a", Document.of("items", 2L)), 12),
                new DocumentWrite.Delete(CARTS, "b", 12));
    }

    @Test
    void dropsTheChangesOfEventsTheStoredVersionAlreadyCoversSoAReplayedBatchCountsEachEventOnce() {
        InMemoryReadModelStore store = new InMemoryReadModelStore();
        store.prepare(List.of(CARTS));
        // events 10 and 11 were written before a crash that lost the checkpoint: the batch 10..12 is read again
        store.commit(new WriteBatch("p", List.of(new DocumentWrite.Put(CARTS, "a", CARTS.conform("a",
                Document.of("items", 2L)), 11)), 0));
        PartitionWork work = new PartitionWork(store, true);
        for (long position = 10; position <= 12; position++) {
            work.at(event(position), position - 1); // the offset before the version
            Document doc = work.get(CARTS, "a").orElse(Document.of("items", 0L));
            work.put(CARTS, "a", doc.plus("items", 1));
            work.put(CARTS, "c", Document.of("items", position)); // blind: never read first
        }
        work.at(event(11), 11 - 1); // the offset before the version
        work.delete(CARTS, "a"); // older than the stored version: dropped

        assertThat(work.writes()).containsExactly(
                new DocumentWrite.Put(CARTS, "c", CARTS.conform("c", Document.of("items", 12L)), 12), // first written at 10
                new DocumentWrite.Put(CARTS, "a", CARTS.conform("a", Document.of("items", 3L)), 12));
    }

    @Test
    void refusesADocumentThatDoesNotFitItsReadModel() {
        PartitionWork work = new PartitionWork(new InMemoryReadModelStore());
        work.at(event(1), 1 - 1); // the offset before the version
        assertThatThrownBy(() -> work.put(CARTS, "a", Document.of("colour", "red")))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("[colour]");
    }

    @Test
    void versionsFollowOffsetsSoARekeyedTopicsOlderPositionsAreNotTakenForReplays() {
        InMemoryReadModelStore store = new InMemoryReadModelStore();
        store.prepare(List.of(CARTS));
        // a day's sales from many streams, re-keyed: positions 100, 95, 97 arrive at offsets 0, 1, 2
        long[] positions = {100, 95, 97};
        PartitionWork first = new PartitionWork(store, true);
        first.at(event(positions[0]), 0);
        first.put(CARTS, "day", Document.of("items", 1L));
        store.commit(new WriteBatch("p", first.writes(), 0));
        PartitionWork next = new PartitionWork(store, true);
        for (int offset = 1; offset < positions.length; offset++) {
            next.at(event(positions[offset]), offset);
            next.put(CARTS, "day", next.get(CARTS, "day").orElseThrow().plus("items", 1));
        }
        assertThat(next.writes()).containsExactly(
                new DocumentWrite.Put(CARTS, "day", CARTS.conform("day", Document.of("items", 3L)), 3));
    }
}
