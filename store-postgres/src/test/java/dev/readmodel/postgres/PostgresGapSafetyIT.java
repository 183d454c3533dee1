package dev.readmodel.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.event.EventBatch;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.event.EventTypeMatcher;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.testkit.internal.ReliabilitySummary;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Eight writers append in transactions whose commits are delayed at random (and sometimes rolled
 * back), so that events commit out of insertion order, while readers follow the log. Every committed
 * event must be read exactly once, no rolled-back event ever, and positions must only grow.
 */
class PostgresGapSafetyIT {
    private static final int WRITERS = 8;
    private static final int APPENDS_PER_WRITER = 60;

    private static PostgresEventStore store;
    private static String schema;

    @BeforeAll
    static void start() {
        schema = PostgresServer.freshSchema();
        store = new PostgresEventStore(PostgresServer.dataSource(), schema);
        store.createSchema();
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    @Test
    void readersNeverSkipAnEventWhoseTransactionCommitsLate() throws Exception {
        Set<UUID> committed = ConcurrentHashMap.newKeySet();
        Set<UUID> rolledBack = ConcurrentHashMap.newKeySet();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 2);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(pool.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < APPENDS_PER_WRITER; i++) {
                    List<NewEvent> events = new ArrayList<>();
                    for (int n = 1 + random.nextInt(3); n > 0; n--) {
                        events.add(NewEvent.of("gap.event", Map.of("writer", writer, "i", i)));
                    }
                    boolean rollback = random.nextInt(10) == 0;
                    try (Connection connection = PostgresServer.dataSource().getConnection()) {
                        connection.setAutoCommit(false);
                        store.appendInTransaction(connection, "w" + writer + "-" + i, ExpectedVersion.NO_STREAM, events);
                        Thread.sleep(random.nextInt(25)); // the commit comes late, after others have committed
                        if (rollback) {
                            connection.rollback();
                            events.forEach(e -> rolledBack.add(e.eventId()));
                        } else {
                            connection.commit();
                            events.forEach(e -> committed.add(e.eventId()));
                        }
                        connection.setAutoCommit(true);
                    }
                }
                return null;
            }));
        }
        List<Future<List<EventEnvelope>>> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            int batch = r == 0 ? 7 : 100;
            readers.add(pool.submit(() -> follow(batch, writing, committed)));
        }
        for (Future<?> writer : writers) {
            writer.get(5, TimeUnit.MINUTES);
        }
        writing.set(false);
        List<List<EventEnvelope>> seenByReaders = new ArrayList<>();
        long lost = 0;
        long duplicated = 0;
        for (Future<List<EventEnvelope>> reader : readers) {
            List<EventEnvelope> seen = reader.get(5, TimeUnit.MINUTES);
            seenByReaders.add(seen);
            Set<UUID> distinct = seen.stream().map(EventEnvelope::eventId).collect(java.util.stream.Collectors.toSet());
            lost += committed.stream().filter(id -> !distinct.contains(id)).count();
            duplicated += seen.size() - distinct.size();
        }
        long late = lateCommits();
        int transactions = WRITERS * APPENDS_PER_WRITER;
        ReliabilitySummary.record("late commits", "postgres", transactions, lost + duplicated == 0 ? transactions : 0, lost,
                duplicated,
                WRITERS + " writers with random commit delays and " + rolledBack.size() + " rolled-back events; " + late
                + " event pairs committed out of insertion order; " + readers.size() + " readers each saw " + committed.size()
                + " committed events");
        for (List<EventEnvelope> seen : seenByReaders) {
            List<UUID> ids = seen.stream().map(EventEnvelope::eventId).toList();
            assertThat(ids).doesNotHaveDuplicates();
            assertThat(Set.copyOf(ids)).isEqualTo(committed);
            assertThat(ids).doesNotContainAnyElementsOf(rolledBack);
            assertThat(seen).extracting(EventEnvelope::position).isSorted();
        }
        pool.shutdown();
        assertThat(committed).hasSizeGreaterThan(WRITERS * APPENDS_PER_WRITER / 2);
        assertThat(rolledBack).isNotEmpty();
        assertThat(late).as("events inserted earlier but committed later than others: a reader that trusted "
                + "insertion order would have skipped them").isPositive();
    }

    private static long lateCommits() throws Exception {
        try (Connection connection = PostgresServer.dataSource().getConnection();
                var statement = connection.createStatement();
                var rs = statement.executeQuery("SELECT count(*) FROM " + schema + ".readmodel_events a JOIN " + schema
                        + ".readmodel_events b ON a.id < b.id AND a.position > b.position")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<EventEnvelope> follow(int batchSize, AtomicBoolean writing, Set<UUID> committed)
            throws InterruptedException {
        List<EventEnvelope> seen = new ArrayList<>();
        long after = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            EventBatch batch = store.read(after, batchSize, EventTypeMatcher.of("gap.*"));
            seen.addAll(batch.events());
            after = batch.readUpTo();
            if (batch.events().isEmpty()) {
                if (!writing.get() && seen.size() >= committed.size()) {
                    return seen;
                }
                store.awaitEvents(after, Duration.ofMillis(50));
            }
        }
        return seen;
    }
}
