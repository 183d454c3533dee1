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
import dev.readmodel.postgres.internal.EventAppends;
import dev.readmodel.postgres.internal.EventRows;
import dev.readmodel.postgres.internal.Jdbc;
import dev.readmodel.postgres.internal.NotificationListener;
import dev.readmodel.postgres.internal.PostgresSchema;
import dev.readmodel.postgres.internal.Sequencer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
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
    private final DataSource dataSource;
    private final String schema;
    private final EventRows rows;
    private final Sequencer sequencer;
    private final EventAppends appender;
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
        this.appender = new EventAppends(this.dataSource, rows, sequencer);
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
        return appender.appendAll(appends);
    }

    @Override
    public AppendResult append(String streamId, ExpectedVersion expected, List<NewEvent> events, Participant participant) {
        ensureSchema();
        return appender.appendInline(new StreamAppend(streamId, expected, events), participant);
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
}
