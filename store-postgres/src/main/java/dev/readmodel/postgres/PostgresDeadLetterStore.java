package dev.readmodel.postgres;

import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.event.Json;
import dev.readmodel.core.spi.DeadLetterStore;
import dev.readmodel.core.status.DeadLetter;
import dev.readmodel.postgres.internal.Jdbc;
import dev.readmodel.postgres.internal.PostgresSchema;
import dev.readmodel.postgres.internal.SqlNames;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** Parked events in the table {@code readmodel_dead_letters}, surviving restarts. Thread-safe. */
public final class PostgresDeadLetterStore implements DeadLetterStore {
    private final DataSource dataSource;
    private final String table;

    /** Dead letters in {@code schema}; creates readmodel's tables there if missing. */
    public PostgresDeadLetterStore(DataSource dataSource, String schema) {
        this.dataSource = dataSource;
        this.table = SqlNames.qualified(schema, "readmodel_dead_letters");
        PostgresSchema.create(dataSource, schema);
    }

    @Override
    public void park(DeadLetter letter) {
        Jdbc.withConnection(dataSource, "Parking event [" + letter.event().position() + "] of projection ["
                + letter.projection() + "]", connection -> {
                    try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + table
                            + " (projection, position, event, error, attempts, parked_at) VALUES (?, ?, ?::jsonb, ?, ?, ?) "
                            + "ON CONFLICT (projection, position) DO UPDATE SET error = EXCLUDED.error, "
                            + "attempts = EXCLUDED.attempts, parked_at = EXCLUDED.parked_at")) {
                        upsert.setString(1, letter.projection());
                        upsert.setLong(2, letter.event().position());
                        upsert.setString(3, Json.write(toJson(letter.event())));
                        upsert.setString(4, letter.error());
                        upsert.setInt(5, letter.attempts());
                        upsert.setTimestamp(6, Timestamp.from(letter.parkedAt()));
                        upsert.executeUpdate();
                    }
                    return null;
                });
    }

    @Override
    public List<DeadLetter> list(String projection) {
        return Jdbc.withConnection(dataSource, "Listing dead letters of projection [" + projection + "]", connection -> {
            List<DeadLetter> letters = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT event::text, error, attempts, parked_at FROM "
                    + table + " WHERE projection = ? ORDER BY position")) {
                select.setString(1, projection);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        letters.add(new DeadLetter(projection, fromJson(Json.parse(rs.getString(1))), rs.getString(2),
                                rs.getInt(3), rs.getTimestamp(4).toInstant()));
                    }
                }
            }
            return letters;
        });
    }

    @Override
    public void remove(String projection, long position) {
        Jdbc.withConnection(dataSource, "Removing dead letter [" + position + "] of projection [" + projection + "]",
                connection -> {
                    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table
                            + " WHERE projection = ? AND position = ?")) {
                        delete.setString(1, projection);
                        delete.setLong(2, position);
                        delete.executeUpdate();
                    }
                    return null;
                });
    }

    private static JsonNode toJson(EventEnvelope event) {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("position", event.position());
        json.put("streamId", event.streamId());
        json.put("streamVersion", event.streamVersion());
        json.put("type", event.type());
        json.put("eventId", event.eventId().toString());
        json.put("occurredAt", event.occurredAt().toString());
        json.set("data", event.data());
        json.set("metadata", event.metadata());
        return json;
    }

    private static EventEnvelope fromJson(JsonNode json) {
        return new EventEnvelope(json.get("position").asLong(), json.get("streamId").asText(),
                json.get("streamVersion").asLong(), json.get("type").asText(), UUID.fromString(json.get("eventId").asText()),
                Instant.parse(json.get("occurredAt").asText()), json.get("data"), json.get("metadata"));
    }
}
