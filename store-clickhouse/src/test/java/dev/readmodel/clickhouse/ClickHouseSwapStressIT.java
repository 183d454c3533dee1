package dev.readmodel.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Aggregation;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.RebuildTarget;
import dev.readmodel.core.spi.WriteBatch;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Readers query without pause while a read model is swapped 50 times by zero-downtime rebuilds and 50
 * times by truncates. Every read must answer; during zero-downtime swaps every read sees the whole read
 * model, and during truncates either the whole one or the emptied one, never a missing or half-swapped
 * table (on an Atomic database a multi-table RENAME gave readers "table does not exist").
 */
class ClickHouseSwapStressIT {
    private static final ReadModel LEDGER = ReadModel.named("ledger").key("id").field("amount", FieldType.DECIMAL)
            .field("at", FieldType.TIMESTAMP).build();
    private static final int DOCUMENTS = 300;
    private static final int READERS = 3;

    @Test
    void readersNeverMeetAMissingOrHalfFilledTableThroughOneHundredSwaps() throws Exception {
        try (ClickHouseReadModelStore store = new ClickHouseReadModelStore(ClickHouseServer.freshDatabase())) {
            store.prepare(List.of(LEDGER));
            store.commit(batch());
            Document whole = totals(store).get(0);
            assertThat(whole.longValue("n", -1)).isEqualTo(DOCUMENTS);

            AtomicBoolean running = new AtomicBoolean(true);
            // a read overlapped a truncate when one had started before the read ended that had not finished before it began
            AtomicLong truncatesStarted = new AtomicLong();
            AtomicLong truncatesFinished = new AtomicLong();
            AtomicLong reads = new AtomicLong();
            AtomicLong emptyReads = new AtomicLong();
            ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
            List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < READERS; r++) {
                Thread reader = new Thread(() -> {
                    while (running.get()) {
                        long finishedBefore = truncatesFinished.get();
                        try {
                            List<Document> seen = totals(store);
                            reads.incrementAndGet();
                            boolean empty = seen.isEmpty() || seen.get(0).longValue("n", -1) == 0;
                            if (empty && truncatesStarted.get() > finishedBefore) {
                                emptyReads.incrementAndGet();
                            } else if (!seen.equals(List.of(whole))) {
                                wrong.add("saw " + seen);
                            }
                        } catch (RuntimeException e) {
                            wrong.add(e.toString());
                        }
                    }
                });
                reader.start();
                readers.add(reader);
            }
            int swaps = 0;
            for (int round = 0; round < 50; round++) {
                RebuildTarget shadow = store.beginRebuild("stress", List.of(LEDGER));
                shadow.commit(batch());
                shadow.swap();
                swaps++;
                truncatesStarted.incrementAndGet();
                store.truncate("stress", List.of(LEDGER));
                store.commit(batch());
                truncatesFinished.incrementAndGet();
                swaps++;
            }
            running.set(false);
            for (Thread reader : readers) {
                reader.join();
            }
            System.out.printf("ClickHouse %s swap stress: %d reads by %d readers through %d swaps (%d while a truncate had"
                    + " emptied the table), %d errors or incomplete reads%n", store.serverVersion(), reads.get(), READERS,
                    swaps, emptyReads.get(), wrong.size());
            assertThat(wrong).as("reads that failed or saw a partial read model").isEmpty();
            assertThat(reads.get()).as("reads made during the swaps").isGreaterThan(100);
            assertThat(totals(store)).containsExactly(whole);
        }
    }

    private static List<Document> totals(ClickHouseReadModelStore store) {
        return store.aggregate(LEDGER, Aggregation.builder().count("n").sum("amount", "amount").build());
    }

    private static WriteBatch batch() {
        List<DocumentWrite> writes = new ArrayList<>();
        for (int i = 1; i <= DOCUMENTS; i++) {
            String id = "e" + i;
            writes.add(new DocumentWrite.Put(LEDGER, id, LEDGER.conform(id, Document.of("amount", new BigDecimal(i + ".25"),
                    "at", java.time.Instant.ofEpochSecond(1_700_000_000L + i))), i));
        }
        return new WriteBatch("stress", writes, DOCUMENTS);
    }
}
