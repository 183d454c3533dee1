package dev.readmodel.clickhouse.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.readmodel.core.Document;
import dev.readmodel.core.FieldType;
import dev.readmodel.core.Json;
import dev.readmodel.core.ReadModel;
import dev.readmodel.core.StoreException;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.StoredDocument;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One read model as a ReplacingMergeTree table ordered by its key, versioned by {@code _version} (the
 * position of the last event that wrote the row). A write is an insert of the whole row; a delete is
 * a row with {@code _deleted = 1}. Reads use FINAL, so the row of the highest version wins: a replayed
 * or late older write can never replace a newer one, and writing the same batch twice changes nothing.
 */
public final class ClickHouseTable {
    static final String VERSION = "_version";
    static final String DELETED = "_deleted";

    private final ReadModel model;
    private final String database;
    private final String table;
    private final List<String> fields;

    public ClickHouseTable(ReadModel model, String database, String table) {
        this.model = model;
        this.database = database;
        this.table = table;
        this.fields = List.copyOf(model.fields().keySet());
    }

    public ReadModel model() {
        return model;
    }

    /** The table, qualified and quoted. */
    public String qualified() {
        return ClickHouseSql.table(database, table);
    }

    /** The table's name, for inserts. */
    public String insertTarget() {
        return database + "." + table;
    }

    /** CREATE TABLE IF NOT EXISTS. */
    public String createSql() {
        StringBuilder ddl = new StringBuilder("CREATE TABLE IF NOT EXISTS " + qualified() + " (");
        for (String field : fields) {
            String type = field.equals(model.keyField()) ? "String" : ClickHouseSql.columnType(model.typeOf(field));
            ddl.append(ClickHouseSql.name(field)).append(' ').append(type).append(", ");
        }
        ddl.append(VERSION).append(" UInt64, ").append(DELETED).append(" UInt8) ENGINE = ReplacingMergeTree(")
                .append(VERSION).append(") ORDER BY ").append(ClickHouseSql.name(model.keyField()));
        return ddl.toString();
    }

    /** The column list of a query, declared fields first. */
    public String columns() {
        return String.join(", ", fields.stream().map(ClickHouseSql::name).toList());
    }

    /** The writes as JSONEachRow lines: whole rows with their version, deletes as tombstones. */
    public byte[] rows(List<DocumentWrite> writes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(writes.size() * 200);
        try (JsonGenerator json = Json.mapper().getFactory().createGenerator(out)) {
            json.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString("\n"));
            for (DocumentWrite write : writes) {
                json.writeStartObject();
                json.writeStringField(model.keyField(), write.id());
                if (write instanceof DocumentWrite.Put put) {
                    for (String field : fields) {
                        if (!field.equals(model.keyField())) {
                            writeValue(json, field, model.typeOf(field), put.document().get(field));
                        }
                    }
                }
                json.writeNumberField(VERSION, write.version());
                json.writeNumberField(DELETED, write instanceof DocumentWrite.Delete ? 1 : 0);
                json.writeEndObject();
            }
        } catch (IOException e) {
            throw new StoreException("Cannot encode rows for " + qualified() + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private void writeValue(JsonGenerator json, String field, FieldType type, Object value) throws IOException {
        json.writeFieldName(field);
        if (value == null) {
            if (type == FieldType.KEYWORD_LIST) {
                json.writeStartArray();
                json.writeEndArray();
            } else {
                json.writeNull();
            }
            return;
        }
        switch (type) {
            case KEYWORD, TEXT -> json.writeString((String) value);
            case LONG -> json.writeNumber((Long) value);
            case TIMESTAMP -> json.writeNumber(((Instant) value).toEpochMilli());
            case DOUBLE -> json.writeNumber((Double) value);
            case DECIMAL -> json.writeNumber(checkScale(field, (BigDecimal) value).toPlainString());
            case BOOLEAN -> json.writeNumber(Boolean.TRUE.equals(value) ? 1 : 0);
            case DATE -> json.writeString(value.toString());
            case KEYWORD_LIST -> {
                json.writeStartArray();
                for (Object item : (List<?>) value) {
                    json.writeString(item.toString());
                }
                json.writeEndArray();
            }
        }
    }

    private BigDecimal checkScale(String field, BigDecimal value) {
        if (value.stripTrailingZeros().scale() > ClickHouseSql.DECIMAL_SCALE) {
            throw new StoreException("Field [" + field + "] of read model [" + model.name() + "] holds [" + value.toPlainString()
                    + "], which has more than " + ClickHouseSql.DECIMAL_SCALE + " decimal places: ClickHouse would round it");
        }
        return value;
    }

    /** SELECT of the live rows among {@code ids}, with versions. */
    public String loadSql(Collection<String> ids) {
        StringBuilder in = new StringBuilder();
        Iterator<String> it = ids.iterator();
        while (it.hasNext()) {
            in.append(ClickHouseSql.string(it.next())).append(it.hasNext() ? ", " : "");
        }
        return "SELECT " + columns() + ", " + VERSION + ", " + DELETED + " FROM " + qualified() + " FINAL WHERE "
                + ClickHouseSql.name(model.keyField()) + " IN (" + in + ") FORMAT JSONEachRow";
    }

    /** The rows of a load, deleted ones left out. */
    public Map<String, StoredDocument> stored(List<JsonNode> rows) {
        Map<String, StoredDocument> found = new HashMap<>();
        for (JsonNode row : rows) {
            if (row.path(DELETED).asInt() == 0) {
                Document document = document(row);
                found.put(document.string(model.keyField()), new StoredDocument(document, row.path(VERSION).asLong()));
            }
        }
        return found;
    }

    /** A JSONEachRow row as a document of the declared fields; nulls and empty lists left out. */
    public Document document(JsonNode row) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String field : fields) {
            Object value = read(model.typeOf(field), row.get(field));
            if (value != null) {
                values.put(field, value);
            }
        }
        return Document.of(values);
    }

    /** A JSON value of a ClickHouse column as the field type's Java value. */
    static Object read(FieldType type, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return switch (type) {
            case KEYWORD, TEXT -> node.asText();
            case LONG -> node.isNumber() ? node.longValue() : Long.parseLong(node.asText());
            case TIMESTAMP -> Instant.ofEpochMilli(node.isNumber() ? node.longValue() : Long.parseLong(node.asText()));
            case DOUBLE -> node.isNumber() ? node.doubleValue() : Double.parseDouble(node.asText());
            case DECIMAL -> new BigDecimal(node.isNumber() ? node.decimalValue().toPlainString() : node.asText());
            case BOOLEAN -> (node.isNumber() ? node.intValue() : Integer.parseInt(node.asText())) != 0;
            case DATE -> LocalDate.parse(node.asText());
            case KEYWORD_LIST -> {
                List<String> items = new ArrayList<>();
                node.forEach(item -> items.add(item.asText()));
                yield items.isEmpty() ? null : List.copyOf(items);
            }
        };
    }
}
