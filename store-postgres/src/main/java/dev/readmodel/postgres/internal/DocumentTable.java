package dev.readmodel.postgres.internal;

import dev.readmodel.core.error.StoreException;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.StoredDocument;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One read model as one table: a column per declared field, the key as primary key, and
 * {@code _version}, the position of the last event that wrote the row. Writes are one multi-row upsert
 * per batch (arrays of text unnested and cast), so a batch costs one round trip per table.
 */
public final class DocumentTable {
    static final String VERSION = "_version";

    private final ReadModel model;
    private final String schema;
    private final String table;
    private final String qualified;
    private final List<String> fields;
    private final String columns;

    public DocumentTable(ReadModel model, String schema, String table) {
        this.model = model;
        this.schema = schema;
        this.table = table;
        this.qualified = SqlNames.qualified(schema, table);
        this.fields = List.copyOf(model.fields().keySet());
        this.columns = String.join(", ", fields.stream().map(SqlNames::quote).toList());
    }

    public ReadModel model() {
        return model;
    }

    public String qualified() {
        return qualified;
    }

    /** The table's own name, without the schema. */
    public String name() {
        return table;
    }

    /** The name of the table's primary key constraint, which follows the table's name. */
    public String primaryKey() {
        return table + "_pkey";
    }

    /** DROP TABLE IF EXISTS. */
    public void drop(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + qualified);
        }
    }

    /** CREATE TABLE IF NOT EXISTS, with a primary key constraint named after the table. */
    public void create(Connection connection) throws SQLException {
        StringBuilder ddl = new StringBuilder("CREATE TABLE IF NOT EXISTS " + qualified + " (");
        for (String field : fields) {
            ddl.append(SqlNames.quote(field)).append(' ').append(ColumnTypes.ddl(model.typeOf(field)));
            ddl.append(field.equals(model.keyField()) ? " NOT NULL, " : ", ");
        }
        ddl.append(SqlNames.quote(VERSION)).append(" BIGINT NOT NULL, CONSTRAINT ").append(SqlNames.quote(primaryKey()))
                .append(" PRIMARY KEY (").append(SqlNames.quote(model.keyField())).append("))");
        try (Statement statement = connection.createStatement()) {
            statement.execute(ddl.toString());
        }
    }

    /**
     * Checks that an existing table has the declared columns and types.
     *
     * @throws StoreException naming what differs, and that a rebuild recreates the table
     */
    public void verify(Connection connection) throws SQLException {
        Map<String, String> actual = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT column_name, CASE WHEN data_type"
                + " = 'ARRAY' THEN substr(udt_name, 2) || '[]' ELSE data_type END FROM information_schema.columns"
                + " WHERE table_schema = ? AND table_name = ?")) { // arrays by item type: udt_name _int8 is int8[]
            select.setString(1, schema);
            select.setString(2, table);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    actual.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        List<String> differences = new ArrayList<>();
        for (String field : fields) {
            String expected = ColumnTypes.informationSchemaType(model.typeOf(field));
            String found = actual.remove(field);
            if (!expected.equals(found)) {
                differences.add(field + " (expected " + expected + ", found " + (found == null ? "nothing" : found) + ")");
            }
        }
        actual.remove(VERSION);
        actual.keySet().forEach(extra -> differences.add(extra + " (not declared)"));
        if (!differences.isEmpty()) {
            throw new StoreException("Table " + qualified + " does not match read model [" + model.name() + "]: "
                    + differences + "; rebuild the projection (truncate or zero-downtime) to recreate it");
        }
    }

    /** Upserts the puts and deletes the deletes of one batch for this table. */
    public void write(Connection connection, List<DocumentWrite> writes) throws SQLException {
        List<DocumentWrite.Put> puts = new ArrayList<>();
        List<String> deletes = new ArrayList<>();
        for (DocumentWrite write : writes) {
            if (write instanceof DocumentWrite.Put put) {
                puts.add(put);
            } else {
                deletes.add(write.id());
            }
        }
        if (!deletes.isEmpty()) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + qualified + " WHERE "
                    + SqlNames.quote(model.keyField()) + " = ANY(?::text[])")) {
                delete.setArray(1, connection.createArrayOf("text", deletes.toArray(new String[0])));
                delete.executeUpdate();
            }
        }
        if (!puts.isEmpty()) {
            upsert(connection, puts);
        }
    }

    private void upsert(Connection connection, List<DocumentWrite.Put> puts) throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO " + qualified + " (" + columns + ", " + SqlNames.quote(VERSION)
                + ") SELECT ");
        StringBuilder unnest = new StringBuilder();
        StringBuilder aliases = new StringBuilder();
        StringBuilder updates = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            String field = fields.get(i);
            sql.append("u.c").append(i).append("::").append(ColumnTypes.cast(model.typeOf(field))).append(", ");
            unnest.append("?::text[], ");
            aliases.append('c').append(i).append(", ");
            if (!field.equals(model.keyField())) {
                updates.append(SqlNames.quote(field)).append(" = EXCLUDED.").append(SqlNames.quote(field)).append(", ");
            }
        }
        sql.append("u.v FROM unnest(").append(unnest).append("?::bigint[]) AS u(").append(aliases).append("v) ON CONFLICT (")
                .append(SqlNames.quote(model.keyField())).append(") DO UPDATE SET ").append(updates)
                .append(SqlNames.quote(VERSION)).append(" = EXCLUDED.").append(SqlNames.quote(VERSION));
        try (PreparedStatement upsert = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < fields.size(); i++) {
                String[] values = new String[puts.size()];
                for (int row = 0; row < puts.size(); row++) {
                    values[row] = ColumnTypes.text(puts.get(row).document().get(fields.get(i)));
                }
                upsert.setArray(i + 1, connection.createArrayOf("text", values));
            }
            Long[] versions = new Long[puts.size()];
            for (int row = 0; row < puts.size(); row++) {
                versions[row] = puts.get(row).version();
            }
            upsert.setArray(fields.size() + 1, connection.createArrayOf("bigint", versions));
            upsert.executeUpdate();
        }
    }

    /** The stored documents among {@code ids}. */
    public Map<String, StoredDocument> load(Connection connection, Collection<String> ids) throws SQLException {
        Map<String, StoredDocument> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT " + columns + ", " + SqlNames.quote(VERSION)
                + " FROM " + qualified + " WHERE " + SqlNames.quote(model.keyField()) + " = ANY(?::text[])")) {
            select.setArray(1, connection.createArrayOf("text", ids.toArray(new String[0])));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Document document = document(rs);
                    found.put(document.string(model.keyField()), new StoredDocument(document, rs.getLong(fields.size() + 1)));
                }
            }
        }
        return found;
    }

    /** The row's declared columns as a document, NULL columns left out. */
    public Document document(ResultSet rs) throws SQLException {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            Object value = ColumnTypes.read(rs, i + 1, model.typeOf(fields.get(i)));
            if (value != null) {
                values.put(fields.get(i), value);
            }
        }
        return Document.of(values);
    }

    /** The select list of this table's declared columns. */
    public String columns() {
        return columns;
    }
}
