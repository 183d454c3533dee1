package dev.readmodel.postgres.internal;

import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.ShadowNames;
import dev.readmodel.core.spi.WriteBatch;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * One copy of the read models in a schema: the live tables, named after their read models, or the
 * shadow tables of a zero-downtime rebuild ({@link ShadowNames#shadowOf}). Stateless and thread-safe.
 */
public final class PostgresTables {
    private final String schema;
    private final boolean shadow;

    private PostgresTables(String schema, boolean shadow) {
        this.schema = schema;
        this.shadow = shadow;
    }

    /** The tables queries and live commits use. */
    public static PostgresTables live(String schema) {
        return new PostgresTables(schema, false);
    }

    /** The tables a zero-downtime rebuild fills. */
    public static PostgresTables shadow(String schema) {
        return new PostgresTables(schema, true);
    }

    /** The table of {@code model} in this copy. */
    public DocumentTable table(ReadModel model) {
        return new DocumentTable(model, schema, shadow ? ShadowNames.shadowOf(model.name()) : model.name());
    }

    /** Writes the batch's documents, one upsert and one delete at most per table, on {@code connection}. */
    public void write(Connection connection, WriteBatch batch) throws SQLException {
        for (Map.Entry<ReadModel, List<DocumentWrite>> entry : batch.byModel().entrySet()) {
            table(entry.getKey()).write(connection, entry.getValue());
        }
    }

    /** Drops and creates the tables of {@code models}, empty, on {@code connection}; takes the schema lock first. */
    public void recreate(Connection connection, List<ReadModel> models) throws SQLException {
        PostgresSchema.lock(connection);
        for (ReadModel model : models) {
            DocumentTable table = table(model);
            table.drop(connection);
            table.create(connection);
        }
    }

    /** {@code read models [a, b]}, for messages. */
    public static String describe(List<ReadModel> models) {
        return "read models " + models.stream().map(ReadModel::name).toList();
    }
}
