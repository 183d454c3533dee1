package dev.readmodel.postgres.internal;

import dev.readmodel.core.event.AppendResult;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.event.StreamAppend;
import dev.readmodel.core.spi.TransactionalEventStore.Participant;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The appends of a PostgreSQL event store: small appends insert unpositioned and are positioned after
 * commit by the sequencer, large ones and appends with inline projections position their own events
 * inside their transaction under the sequencer's lock. Thread-safe.
 */
public final class EventAppends {
    /**
     * Appends of at least this many events position their events inside their own transaction, holding
     * the positioning lock: one write per event instead of an insert and an update, at the price of
     * serializing such appends with each other.
     */
    public static final int BULK_APPEND = 256;

    private final DataSource dataSource;
    private final EventRows rows;
    private final Sequencer sequencer;

    /** Appends through {@code dataSource}, positioned by {@code sequencer}. */
    public EventAppends(DataSource dataSource, EventRows rows, Sequencer sequencer) {
        this.dataSource = dataSource;
        this.rows = rows;
        this.sequencer = sequencer;
    }

    /** Appends to several distinct streams in one transaction; the results in the order of {@code appends}. */
    public List<AppendResult> appendAll(List<StreamAppend> appends) {
        requireDistinct(appends);
        int count = appends.stream().mapToInt(a -> a.events().size()).sum();
        if (count >= BULK_APPEND) {
            return Jdbc.inTransaction(dataSource, "Append to " + describe(appends), connection -> {
                long base = sequencer.lockWithin(connection);
                List<EventRows.Inserted> inserted = insertAll(connection, appends, base);
                sequencer.advanceWithin(connection, base + count);
                List<AppendResult> results = new ArrayList<>(appends.size());
                long next = base;
                for (int i = 0; i < appends.size(); i++) {
                    long[] positions = new long[appends.get(i).events().size()];
                    for (int k = 0; k < positions.length; k++) {
                        positions[k] = ++next;
                    }
                    results.add(result(appends.get(i), inserted.get(i), positions));
                }
                return results;
            });
        }
        List<EventRows.Inserted> inserted = Jdbc.inTransaction(dataSource, "Append to " + describe(appends),
                connection -> insertAll(connection, appends, null));
        List<Long> ids = inserted.stream().flatMap(i -> i.ids().stream()).toList();
        long[] positions = Jdbc.withConnection(dataSource, "Positioning appended events", connection -> {
            sequencer.run(connection, false);
            return rows.positions(connection, ids);
        });
        List<AppendResult> results = new ArrayList<>(appends.size());
        int offset = 0;
        for (int i = 0; i < appends.size(); i++) {
            int size = inserted.get(i).ids().size();
            results.add(result(appends.get(i), inserted.get(i), Arrays.copyOfRange(positions, offset, offset + size)));
            offset += size;
        }
        return results;
    }

    /** Appends {@code append} and runs {@code participant} in the same transaction, events positioned within it. */
    public AppendResult appendInline(StreamAppend append, Participant participant) {
        String streamId = append.streamId();
        return Jdbc.inTransaction(dataSource, "Append to stream [" + streamId + "] with inline projections", connection -> {
            long version = rows.advanceVersion(connection, streamId, append.expected(), append.events().size());
            if (append.events().isEmpty()) {
                return result(append, new EventRows.Inserted(streamId, version, List.of()), new long[0]);
            }
            long base = sequencer.lockWithin(connection);
            EventRows.Inserted inserted = rows.insertAll(connection, List.of(new EventRows.Inserted(streamId, version,
                    List.of())), List.of(append.events()), base).get(0);
            sequencer.advanceWithin(connection, base + append.events().size());
            long[] positions = new long[append.events().size()];
            for (int i = 0; i < positions.length; i++) {
                positions[i] = base + i + 1;
            }
            AppendResult result = result(append, inserted, positions);
            participant.inTransaction(result.events(), new PostgresTransaction(connection));
            return result;
        });
    }

    /** Inserts all appends' events; with {@code positionBase} (sequencer lock held) positioned at once. */
    private List<EventRows.Inserted> insertAll(Connection connection, List<StreamAppend> appends, Long positionBase)
            throws SQLException {
        // lock streams in a fixed order (sorted in SQL) so that multi-stream appends cannot deadlock each other ...
        long[] versions = rows.advanceVersions(connection, appends.stream().map(StreamAppend::streamId).toList(),
                appends.stream().map(StreamAppend::expected).toList(),
                appends.stream().map(a -> a.events().size()).toList());
        // ... but insert in the caller's order, which becomes the order of positions
        List<EventRows.Inserted> streams = new ArrayList<>(appends.size());
        List<List<NewEvent>> batches = new ArrayList<>(appends.size());
        for (int i = 0; i < appends.size(); i++) {
            streams.add(new EventRows.Inserted(appends.get(i).streamId(), versions[i], List.of()));
            batches.add(appends.get(i).events());
        }
        return rows.insertAll(connection, streams, batches, positionBase);
    }

    private static AppendResult result(StreamAppend append, EventRows.Inserted inserted, long[] positions) {
        List<EventEnvelope> events = new ArrayList<>(positions.length);
        long firstVersion = inserted.streamVersion() - append.events().size() + 1;
        for (int i = 0; i < positions.length; i++) {
            NewEvent event = append.events().get(i);
            events.add(new EventEnvelope(positions[i], append.streamId(), firstVersion + i, event.type(), event.eventId(),
                    event.occurredAt(), event.data(), event.metadata()));
        }
        return new AppendResult(append.streamId(), inserted.streamVersion(), events);
    }

    private static void requireDistinct(List<StreamAppend> appends) {
        Set<String> seen = new HashSet<>();
        for (StreamAppend append : appends) {
            if (!seen.add(append.streamId())) {
                throw new IllegalArgumentException("Stream [" + append.streamId() + "] appears twice in one appendAll");
            }
        }
    }

    private static String describe(List<StreamAppend> appends) {
        return appends.size() == 1 ? "stream [" + appends.get(0).streamId() + "]" : appends.size() + " streams";
    }
}
