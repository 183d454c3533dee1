package dev.readmodel.postgres.internal;

import dev.readmodel.core.error.WrongExpectedVersionException;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.event.EventTypeMatcher;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.Json;
import dev.readmodel.core.event.NewEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The SQL of the events and streams tables: version checks, inserts and reads. */
public final class EventRows {
    static final String COLUMNS = "position, stream_id, stream_version, event_id, event_type, data::text, metadata::text, occurred_at";

    private final String events;
    private final String streams;

    public EventRows(String schema) {
        this.events = SqlNames.qualified(schema, "readmodel_events");
        this.streams = SqlNames.qualified(schema, "readmodel_streams");
    }

    /** Rows inserted by one stream's append: the stream's new version and the new rows' ids in order. */
    public record Inserted(String streamId, long streamVersion, List<Long> ids) {
    }

    /**
     * Inside an open transaction: checks and advances the stream's version (its row lock is held to
     * commit, serializing writers of the stream) and inserts the events without positions.
     *
     * @throws WrongExpectedVersionException when the stream is not at {@code expected}
     */
    public Inserted insert(Connection connection, String streamId, ExpectedVersion expected, List<NewEvent> batch)
            throws SQLException {
        return insert(connection, streamId, advanceVersion(connection, streamId, expected, batch.size()), batch);
    }

    /** Inserts events whose stream version was already advanced to {@code version} by {@link #advanceVersion}. */
    public Inserted insert(Connection connection, String streamId, long version, List<NewEvent> batch) throws SQLException {
        return insertAll(connection, List.of(new Inserted(streamId, version, List.of())), List.of(batch), null).get(0);
    }

    /**
     * Inserts several streams' events in one statement, in the given order, which becomes the order of
     * their positions. {@code streams} carry each stream's new version (ids are ignored). With
     * {@code positionBase}, the caller holds the sequencer's lock and the rows get positions
     * {@code positionBase + 1, + 2, ...} right away; without it they wait for the sequencer.
     */
    public List<Inserted> insertAll(Connection connection, List<Inserted> streams, List<List<NewEvent>> batches,
            Long positionBase) throws SQLException {
        int count = batches.stream().mapToInt(List::size).sum();
        if (count == 0) {
            return streams.stream().map(s -> new Inserted(s.streamId(), s.streamVersion(), List.of())).toList();
        }
        String[] streamIds = new String[count];
        Long[] versions = new Long[count];
        String[] ids = new String[count];
        String[] types = new String[count];
        String[] data = new String[count];
        String[] metadata = new String[count];
        String[] times = new String[count];
        int row = 0;
        for (int s = 0; s < streams.size(); s++) {
            List<NewEvent> batch = batches.get(s);
            long first = streams.get(s).streamVersion() - batch.size() + 1;
            for (int i = 0; i < batch.size(); i++, row++) {
                NewEvent event = batch.get(i);
                streamIds[row] = streams.get(s).streamId();
                versions[row] = first + i;
                ids[row] = event.eventId().toString();
                types[row] = event.type();
                data[row] = Json.write(event.data());
                metadata[row] = Json.write(event.metadata());
                times[row] = event.occurredAt().toString();
            }
        }
        List<Long> inserted = new ArrayList<>(count);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + events
                + " (position, stream_id, stream_version, event_id, event_type, data, metadata, occurred_at) "
                + "SELECT ?::bigint + n, s, v, e::uuid, t, d::jsonb, m::jsonb, o::timestamptz "
                + "FROM unnest(?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) "
                + "WITH ORDINALITY AS u(s, v, e, t, d, m, o, n) ORDER BY n RETURNING id")) {
            if (positionBase == null) {
                insert.setNull(1, java.sql.Types.BIGINT);
            } else {
                insert.setLong(1, positionBase);
            }
            int p = 2;
            insert.setArray(p++, connection.createArrayOf("text", streamIds));
            insert.setArray(p++, connection.createArrayOf("bigint", versions));
            insert.setArray(p++, connection.createArrayOf("text", ids));
            insert.setArray(p++, connection.createArrayOf("text", types));
            insert.setArray(p++, connection.createArrayOf("text", data));
            insert.setArray(p++, connection.createArrayOf("text", metadata));
            insert.setArray(p, connection.createArrayOf("text", times));
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getLong(1));
                }
            }
        }
        inserted.sort(null); // identities follow the order of the unnested rows
        List<Inserted> result = new ArrayList<>(streams.size());
        int offset = 0;
        for (int s = 0; s < streams.size(); s++) {
            int size = batches.get(s).size();
            result.add(new Inserted(streams.get(s).streamId(), streams.get(s).streamVersion(),
                    List.copyOf(inserted.subList(offset, offset + size))));
            offset += size;
        }
        return result;
    }

    /**
     * Checks the stream's version against {@code expected} and advances it by {@code count}, holding the
     * stream row's lock until the transaction ends.
     *
     * @return the stream's new version
     * @throws WrongExpectedVersionException when the stream is not at {@code expected}
     */
    public long advanceVersion(Connection connection, String streamId, ExpectedVersion expected, int count)
            throws SQLException {
        String sql;
        if (expected instanceof ExpectedVersion.NoStream) {
            sql = "INSERT INTO " + streams + " (stream_id, version) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING version";
        } else if (expected instanceof ExpectedVersion.Exactly) {
            sql = "UPDATE " + streams + " SET version = version + ? WHERE stream_id = ? AND version = ? RETURNING version";
        } else {
            sql = "INSERT INTO " + streams + " (stream_id, version) VALUES (?, ?) ON CONFLICT (stream_id) "
                    + "DO UPDATE SET version = " + streams + ".version + EXCLUDED.version RETURNING version";
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            if (expected instanceof ExpectedVersion.Exactly exactly) {
                statement.setLong(1, count);
                statement.setString(2, streamId);
                statement.setLong(3, exactly.version());
            } else {
                statement.setString(1, streamId);
                statement.setLong(2, count);
            }
            try (ResultSet rs = statement.executeQuery()) {
                if (rs.next()) {
                    return rs.getLong(1);
                }
            }
        }
        throw new WrongExpectedVersionException(streamId, expected, currentVersion(connection, streamId));
    }

    /**
     * Advances many streams' versions at once (one statement per kind of expectation), holding their row
     * locks until the transaction ends.
     *
     * @return each stream's new version, in the order given
     * @throws WrongExpectedVersionException for the first stream not at its expected version
     */
    public long[] advanceVersions(Connection connection, List<String> streamIds, List<ExpectedVersion> expected,
            List<Integer> counts) throws SQLException {
        long[] versions = new long[streamIds.size()];
        java.util.Map<String, Integer> index = new java.util.HashMap<>();
        List<Integer> any = new ArrayList<>();
        List<Integer> none = new ArrayList<>();
        List<Integer> exact = new ArrayList<>();
        for (int i = 0; i < streamIds.size(); i++) {
            index.put(streamIds.get(i), i);
            ExpectedVersion e = expected.get(i);
            (e instanceof ExpectedVersion.Any ? any : e instanceof ExpectedVersion.NoStream ? none : exact).add(i);
        }
        java.util.Set<String> advanced = new java.util.HashSet<>();
        advance(connection, any, streamIds, counts, expected, "INSERT INTO " + streams + " (stream_id, version) "
                + "SELECT id, n FROM unnest(?::text[], ?::bigint[], ?::bigint[]) AS u(id, n, e) ORDER BY id "
                + "ON CONFLICT (stream_id) DO UPDATE SET version = " + streams + ".version + EXCLUDED.version "
                + "RETURNING stream_id, version", versions, index, advanced);
        advance(connection, none, streamIds, counts, expected, "INSERT INTO " + streams + " (stream_id, version) "
                + "SELECT id, n FROM unnest(?::text[], ?::bigint[], ?::bigint[]) AS u(id, n, e) ORDER BY id "
                + "ON CONFLICT DO NOTHING RETURNING stream_id, version", versions, index, advanced);
        advance(connection, exact, streamIds, counts, expected, "UPDATE " + streams + " s SET version = s.version + u.n "
                + "FROM unnest(?::text[], ?::bigint[], ?::bigint[]) AS u(id, n, e) "
                + "WHERE s.stream_id = u.id AND s.version = u.e RETURNING s.stream_id, s.version", versions, index, advanced);
        for (int i = 0; i < streamIds.size(); i++) {
            if (!advanced.contains(streamIds.get(i))) {
                throw new WrongExpectedVersionException(streamIds.get(i), expected.get(i),
                        currentVersion(connection, streamIds.get(i)));
            }
        }
        return versions;
    }

    private static void advance(Connection connection, List<Integer> which, List<String> streamIds, List<Integer> counts,
            List<ExpectedVersion> expected, String sql, long[] versions, java.util.Map<String, Integer> index,
            java.util.Set<String> advanced) throws SQLException {
        if (which.isEmpty()) {
            return;
        }
        String[] ids = new String[which.size()];
        Long[] ns = new Long[which.size()];
        Long[] es = new Long[which.size()];
        for (int k = 0; k < which.size(); k++) {
            int i = which.get(k);
            ids[k] = streamIds.get(i);
            ns[k] = (long) counts.get(i);
            es[k] = expected.get(i) instanceof ExpectedVersion.Exactly exactly ? exactly.version() : 0L;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("text", ids));
            statement.setArray(2, connection.createArrayOf("bigint", ns));
            statement.setArray(3, connection.createArrayOf("bigint", es));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    versions[index.get(rs.getString(1))] = rs.getLong(2);
                    advanced.add(rs.getString(1));
                }
            }
        }
    }

    /** The stream's committed version; 0 when it does not exist. */
    public long currentVersion(Connection connection, String streamId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT version FROM " + streams + " WHERE stream_id = ?")) {
            select.setString(1, streamId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** Up to {@code max} positioned events in ({@code after}, {@code upTo}] whose type matches. */
    public List<EventEnvelope> read(Connection connection, long after, long upTo, int max, EventTypeMatcher types)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM " + events + " WHERE position > ? AND position <= ?");
        List<Object> typeParams = new ArrayList<>();
        if (!types.matchesAll()) {
            List<String> conditions = new ArrayList<>();
            if (!types.exactTypes().isEmpty()) {
                conditions.add("event_type = ANY(?::text[])");
                typeParams.add(types.exactTypes().toArray(new String[0]));
            }
            for (String pattern : types.wildcardPatterns()) {
                conditions.add("event_type LIKE ?");
                typeParams.add(likePattern(pattern));
            }
            sql.append(" AND (").append(String.join(" OR ", conditions)).append(')');
        }
        sql.append(" ORDER BY position LIMIT ?");
        try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
            int i = 1;
            select.setLong(i++, after);
            select.setLong(i++, upTo);
            for (Object param : typeParams) {
                if (param instanceof String[] array) {
                    select.setArray(i++, connection.createArrayOf("text", array));
                } else {
                    select.setString(i++, (String) param);
                }
            }
            select.setInt(i, max);
            select.setFetchSize(Math.min(max, 5_000));
            return envelopes(select);
        }
    }

    /**
     * The positioned events of {@code streamId} in version order: a prefix of the stream, since a stream's
     * events are positioned in version order.
     */
    public List<EventEnvelope> readStream(Connection connection, String streamId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM " + events
                + " WHERE stream_id = ? AND position IS NOT NULL ORDER BY stream_version")) {
            select.setString(1, streamId);
            return envelopes(select);
        }
    }

    /** Whether any event of {@code streamId} still waits for its position. */
    public boolean hasUnpositioned(Connection connection, String streamId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM " + events
                + " WHERE stream_id = ? AND position IS NULL)")) {
            select.setString(1, streamId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** When the event at {@code position} occurred; null when there is none. */
    public OffsetDateTime occurredAt(Connection connection, long position) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT occurred_at FROM " + events + " WHERE position = ?")) {
            select.setLong(1, position);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getObject(1, OffsetDateTime.class) : null;
            }
        }
    }

    /** Positions of the events {@code ids}, in the same order; 0 for any not yet positioned. */
    public long[] positions(Connection connection, List<Long> ids) throws SQLException {
        long[] positions = new long[ids.size()];
        try (PreparedStatement select = connection.prepareStatement("SELECT u.n, e.position FROM unnest(?::bigint[]) "
                + "WITH ORDINALITY AS u(id, n) JOIN " + events + " e ON e.id = u.id")) {
            select.setArray(1, connection.createArrayOf("bigint", ids.toArray(new Long[0])));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    positions[rs.getInt(1) - 1] = rs.getLong(2);
                }
            }
        }
        return positions;
    }

    private static List<EventEnvelope> envelopes(PreparedStatement select) throws SQLException {
        List<EventEnvelope> read = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                read.add(new EventEnvelope(rs.getLong(1), rs.getString(2), rs.getLong(3),
                        rs.getString(5), UUID.fromString(rs.getString(4)), rs.getObject(8, OffsetDateTime.class).toInstant(),
                        Json.parse(rs.getString(6)), Json.parse(rs.getString(7))));
            }
        }
        return read;
    }

    /** A glob ({@code invoice.*}) as a LIKE pattern, with LIKE's own wildcards escaped. */
    static String likePattern(String glob) {
        return glob.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_").replace('*', '%');
    }
}
