package dev.readmodel.postgres;

import dev.readmodel.core.event.AppendResult;
import dev.readmodel.core.event.EventBatch;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.event.EventTypeMatcher;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.event.StreamAppend;
import dev.readmodel.core.event.StreamHead;
import dev.readmodel.core.spi.TransactionalEventStore;
import dev.readmodel.postgres.internal.EventRows;
import dev.readmodel.postgres.internal.Jdbc;
import dev.readmodel.postgres.internal.NotificationListener;
import dev.readmodel.postgres.internal.PostgresSchema;
import dev.readmodel.postgres.internal.PostgresTransaction;
import dev.readmodel.postgres.internal.Sequencer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;

/**
 * An event store in PostgreSQL: streams with optimistic concurrency, a global log readers can follow
 * without ever skipping a late-committing event, and LISTEN/NOTIFY to wake them.
 *
 * <p>Gap safety: events are inserted without a global position; positions are assigned after commit
 * by a serialized step (one row lock) that positions every committed event at once above all earlier
 * positions. A reader that has seen position P can therefore never later find an event below P,
 * however transactions interleave. Appends that carry inline projections position their own events
 * inside their transaction, under the same lock.
 *
 * <p>Creates its tables on first use (see {@link #schemaSql(String)} to create them yourself).
 * Thread-safe; close it to stop its LISTEN connection. The DataSource's pool needs one connection for
 * listening plus one per concurrent call.
 */
public final class PostgresEventStore implements TransactionalEventStore, AutoCloseable {
    /**
     * Appends of at least this many events position their events inside their own transaction, holding
     * the positioning lock: one write per event instead of an insert and an update, at the price of
     * serializing such appends with each other.
     */
    static final int BULK_APPEND = 256;

    private final DataSource dataSource;
    private final String schema;
    private final EventRows rows;
    private final Sequencer sequencer;
    private final NotificationListener listener;
    private volatile boolean schemaReady;

    /** An event store in schema {@code public}. */
    public PostgresEventStore(DataSource dataSource) {
        this(dataSource, "public");
    }

    /** An event store in {@code schema} (a lower-case identifier). */
    public PostgresEventStore(DataSource dataSource, String schema) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.schema = schema;
        this.rows = new EventRows(schema);
        this.sequencer = new Sequencer(schema);
        this.listener = new NotificationListener(dataSource, Sequencer.channel(schema));
    }

    /** The SQL that creates readmodel's tables in {@code schema}, for users who create tables themselves. */
    public static String schemaSql(String schema) {
        return PostgresSchema.sql(schema);
    }

    /** Creates the tables if they are missing; safe to call again and from several processes. */
    public void createSchema() {
        PostgresSchema.create(dataSource, schema);
        schemaReady = true;
    }

    private void ensureSchema() {
        if (!schemaReady) {
            synchronized (this) {
                if (!schemaReady) {
                    createSchema();
                }
            }
        }
    }

    @Override
    public AppendResult append(String streamId, ExpectedVersion expected, List<NewEvent> events) {
        return appendAll(List.of(new StreamAppend(streamId, expected, events))).get(0);
    }

    @Override
    public List<AppendResult> appendAll(List<StreamAppend> appends) {
        ensureSchema();
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
            results.add(result(appends.get(i), inserted.get(i), java.util.Arrays.copyOfRange(positions, offset, offset + size)));
            offset += size;
        }
        return results;
    }

    @Override
    public AppendResult append(String streamId, ExpectedVersion expected, List<NewEvent> events, Participant participant) {
        ensureSchema();
        StreamAppend append = new StreamAppend(streamId, expected, events);
        return Jdbc.inTransaction(dataSource, "Append to stream [" + streamId + "] with inline projections", connection -> {
            long version = rows.advanceVersion(connection, streamId, expected, append.events().size());
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

    /**
     * Appends inside the caller's open transaction on {@code connection} (autocommit off), for
     * applications that write events together with other data. The events get their global positions
     * once the caller commits; call {@link #positionCommitted()} after commit to assign them at once,
     * otherwise readers do it when they next poll.
     *
     * @return the stream's version after the append
     * @throws dev.readmodel.core.error.WrongExpectedVersionException when the stream is not at {@code expected}
     */
    public long appendInTransaction(Connection connection, String streamId, ExpectedVersion expected,
            List<NewEvent> events) {
        ensureSchema();
        try {
            long version = rows.insert(connection, streamId, expected, List.copyOf(events)).streamVersion();
            sequencer.notifyWithin(connection, "");
            return version;
        } catch (SQLException e) {
            throw Jdbc.translate("Append to stream [" + streamId + "] in the caller's transaction", e);
        }
    }

    /** Assigns positions to every committed event that has none yet; returns how many. */
    public long positionCommitted() {
        ensureSchema();
        return Jdbc.withConnection(dataSource, "Positioning committed events", c -> sequencer.run(c, false));
    }

    @Override
    public List<EventEnvelope> readStream(String streamId) {
        ensureSchema();
        return Jdbc.withConnection(dataSource, "Reading stream [" + streamId + "]", connection -> {
            if (rows.hasUnpositioned(connection, streamId)) {
                sequencer.run(connection, false);
            }
            return rows.readStream(connection, streamId);
        });
    }

    @Override
    public EventBatch read(long afterPosition, int maxCount, EventTypeMatcher types) {
        ensureSchema();
        listener.start();
        return Jdbc.withConnection(dataSource, "Reading events after position [" + afterPosition + "]", connection -> {
            long head = sequencer.head(connection);
            if (head <= afterPosition && sequencer.run(connection, true) > 0) {
                head = sequencer.head(connection);
            }
            List<EventEnvelope> events = rows.read(connection, afterPosition, head, maxCount, types);
            long readUpTo = events.size() == maxCount ? events.get(events.size() - 1).position()
                    : Math.max(head, afterPosition);
            return new EventBatch(events, readUpTo);
        });
    }

    @Override
    public StreamHead head() {
        ensureSchema();
        return Jdbc.withConnection(dataSource, "Reading the head", connection -> {
            long head = sequencer.head(connection);
            OffsetDateTime at = head == 0 ? null : rows.occurredAt(connection, head);
            return head == 0 ? StreamHead.EMPTY : new StreamHead(head, at == null ? Instant.EPOCH : at.toInstant());
        });
    }

    @Override
    public void awaitEvents(long afterPosition, Duration timeout) throws InterruptedException {
        listener.start();
        long seen = listener.generation();
        if (head().position() > afterPosition) {
            return;
        }
        listener.await(seen, timeout);
    }

    /** Stops the LISTEN connection. */
    @Override
    public void close() {
        listener.close();
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
