package dev.readmodel.clickhouse.internal;

import dev.readmodel.core.error.StoreException;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.StoredDocument;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One read model as a ReplacingMergeTree table ordered by its key, versioned by {@code _version} (the
 * position of the last event that wrote the row). A write is an insert of the whole row; a delete is
 * a row with {@code _deleted = 1}. Reads use FINAL, so the row of the highest version wins: a replayed
 * or late older write can never replace a newer one, and writing the same batch twice changes nothing.
 *
 * <p>A table keeps the column types it was made with: timestamps are Int64 milliseconds in tables made
 * on 18.16 and {@code DateTime64(3, 'UTC')} in tables made on current servers ({@link Layout}).
 */
public final class ClickHouseTable {
    static final String VERSION = "`_version`";
    static final String DELETED = "`_deleted`";
    private static final String DELETED_NAME = "_deleted";
    private static final String VERSION_NAME = "_version";

    /** The last day a Date column holds (day 65535). */
    private static final LocalDate LAST_DATE = LocalDate.ofEpochDay(0xFFFF);
    /**
     * 18.16 reads dates after 2105 back as 1970 (its Date is 65535 days, its date functions end in 2105):
     * tables in its layout refuse them, even on a server upgraded since.
     */
    private static final LocalDate LAST_DATE_18_16 = LocalDate.parse("2105-12-31");

    private final ReadModel model;
    private final String database;
    private final String table;
    private final Layout layout;
    private final List<String> fields;

    /**
     * How a table is made.
     *
     * @param dateTime64 timestamps as {@code DateTime64(3, 'UTC')}, else Int64 milliseconds
     * @param deletedInEngine {@code ReplacingMergeTree(_version, _deleted)}, else {@code ReplacingMergeTree(_version)}
     */
    public record Layout(boolean dateTime64, boolean deletedInEngine) {
        /** The layout a new table gets on a server with {@code dialect}. */
        public static Layout forNewTables(ServerDialect dialect) {
            return new Layout(dialect.dateTime64(), dialect.replacingWithDeleted());
        }
    }

    public ClickHouseTable(ReadModel model, String database, String table, Layout layout) {
        this.model = model;
        this.database = database;
        this.table = table;
        this.layout = layout;
        this.fields = List.copyOf(model.fields().keySet());
    }

    /** How this table is made. */
    public Layout layout() {
        return layout;
    }

    /** The table's name, unqualified. */
    public String name() {
        return table;
    }

    /** How the value of {@code field} is held in its column. */
    public ColumnKind kind(String field) {
        return ColumnKind.of(model.typeOf(field), layout.dateTime64());
    }

    /** The same read model in another table of this database, made with {@code layout}. */
    public ClickHouseTable sibling(String otherTable, Layout otherLayout) {
        return new ClickHouseTable(model, database, otherTable, otherLayout);
    }

    public ReadModel model() {
        return model;
    }

    /** The table, qualified and quoted. */
    public String qualified() {
        return ClickHouseSql.table(database, table);
    }

    /** The table's name, for inserts (client-v2 quotes neither part). */
    public String insertTarget() {
        return qualified();
    }

    /** CREATE TABLE IF NOT EXISTS, with this table's layout. */
    public String createSql() {
        StringBuilder ddl = new StringBuilder("CREATE TABLE IF NOT EXISTS " + qualified() + " (");
        for (String field : fields) {
            String type = field.equals(model.keyField()) ? "String"
                    : ClickHouseSql.columnType(model.typeOf(field), layout.dateTime64());
            ddl.append(ClickHouseSql.name(field)).append(' ').append(type).append(", ");
        }
        ddl.append(VERSION).append(" UInt64, ").append(DELETED).append(" UInt8) ENGINE = ReplacingMergeTree(")
                .append(VERSION).append(layout.deletedInEngine() ? ", " + DELETED : "").append(") ORDER BY ")
                .append(ClickHouseSql.name(model.keyField()));
        return ddl.toString();
    }

    /**
     * The layout of an existing table from its columns' types (rows of {@code system.columns}: name, type)
     * and its engine (the {@code engine_full} of {@code system.tables}).
     */
    public static Layout layoutOf(List<JsonNode> columns, String engineFull) {
        boolean dateTime64 = false;
        for (JsonNode column : columns) {
            dateTime64 |= column.path("type").asText().contains("DateTime64");
        }
        return new Layout(dateTime64, engineFull.replace("`", "").contains("ReplacingMergeTree(" + VERSION_NAME + ", " + DELETED_NAME));
    }

    /** The column list of a query, declared fields first. */
    public String columns() {
        return String.join(", ", fields.stream().map(ClickHouseSql::name).toList());
    }

    /** The columns of {@link #rows}, in their order, quoted. */
    public List<String> insertColumns() {
        List<String> columns = new ArrayList<>(fields.size() + 2);
        for (String field : fields) {
            columns.add(ClickHouseSql.name(field));
        }
        columns.add(VERSION);
        columns.add(DELETED);
        return columns;
    }

    /**
     * Writes the writes to {@code target} as RowBinary rows of {@link #insertColumns}: whole rows with
     * their version, deletes as tombstones whose fields are null.
     *
     * @throws StoreException naming the field when a value does not fit its column; rows before it may
     *     have reached {@code target} already
     * @throws java.io.UncheckedIOException when {@code target} fails
     */
    public void writeRows(List<DocumentWrite> writes, OutputStream target) {
        RowBinary out = new RowBinary(target);
        for (DocumentWrite write : writes) {
            Document document = write instanceof DocumentWrite.Put put ? put.document() : null;
            for (String field : fields) {
                if (field.equals(model.keyField())) {
                    out.string(write.id());
                } else {
                    writeValue(out, field, model.typeOf(field), document == null ? null : document.get(field));
                }
            }
            out.int64(write.version());
            out.uint8(document == null ? 1 : 0);
        }
        out.flush();
    }

    private void writeValue(RowBinary out, String field, FieldType type, Object value) {
        if (type.isList()) {
            List<?> items = value == null ? List.of() : (List<?>) value;
            out.varint(items.size());
            for (Object item : items) {
                writeItem(out, field, type.elementType(), item);
            }
            return;
        }
        out.nullMarker(value == null);
        if (value != null) {
            writeItem(out, field, type, value);
        }
    }

    /** One non-null value of a scalar type, without a null marker (as a Nullable column's value or an array's item). */
    private void writeItem(RowBinary out, String field, FieldType type, Object value) {
        switch (type) {
            case KEYWORD, TEXT -> out.string((String) value);
            case LONG -> out.int64((Long) value);
            case TIMESTAMP -> timestamp(out, field, (Instant) value);
            case DOUBLE -> out.float64((Double) value);
            case DECIMAL -> decimal(out, field, (BigDecimal) value);
            case BOOLEAN -> out.uint8(Boolean.TRUE.equals(value) ? 1 : 0);
            case DATE -> date(out, field, (LocalDate) value);
            case KEYWORD_LIST, LONG_LIST, DOUBLE_LIST, DECIMAL_LIST, BOOLEAN_LIST, TIMESTAMP_LIST, DATE_LIST ->
                    throw new IllegalStateException("lists are written item by item");
        }
    }

    private void decimal(RowBinary out, String field, BigDecimal value) {
        try {
            out.decimal128(value.scale() > ClickHouseSql.DECIMAL_SCALE ? value.stripTrailingZeros() : value,
                    ClickHouseSql.DECIMAL_SCALE);
        } catch (ArithmeticException e) {
            throw new StoreException("Field [" + field + "] of read model [" + model.name() + "] holds [" + value.toPlainString()
                    + "], which does not fit Decimal(38, " + ClickHouseSql.DECIMAL_SCALE + "): more than "
                    + ClickHouseSql.DECIMAL_SCALE + " decimal places or 38 digits, and ClickHouse would round or reject it");
        }
    }

    private void timestamp(RowBinary out, String field, Instant value) {
        if (layout.dateTime64() && !ColumnRange.DATETIME64.holds(value)) {
            throw new StoreException("Field [" + field + "] of read model [" + model.name() + "] holds [" + value
                    + "], outside the times ClickHouse's DateTime64(3) column holds (1900-01-01 to 2299-12-31)");
        }
        out.int64(value.toEpochMilli()); // DateTime64(3) is Int64 milliseconds in RowBinary too
    }

    private void date(RowBinary out, String field, LocalDate value) {
        LocalDate last = layout.dateTime64() ? LAST_DATE : LAST_DATE_18_16;
        if (value.isBefore(LocalDate.EPOCH) || value.isAfter(last)) {
            throw new StoreException("Field [" + field + "] of read model [" + model.name() + "] holds [" + value
                    + "], outside the dates this ClickHouse Date column gives back (1970-01-01 to " + last + ")");
        }
        out.int16((int) value.toEpochDay());
    }

    /** SELECT of the live rows among {@code ids}, with versions, the ids written by {@code values}. */
    public String loadSql(List<String> ids, SqlValues values) {
        return "SELECT " + columns() + ", " + VERSION + ", " + DELETED + " FROM " + qualified() + " FINAL WHERE "
                + ClickHouseSql.name(model.keyField()) + " IN " + values.list(ColumnKind.STRING, ids) + " FORMAT JSONEachRow";
    }

    /** The rows of a load, deleted ones left out. */
    public Map<String, StoredDocument> stored(List<JsonNode> rows) {
        Map<String, StoredDocument> found = new HashMap<>();
        for (JsonNode row : rows) {
            if (row.path(DELETED_NAME).asInt() == 0) {
                Document document = document(row);
                found.put(document.string(model.keyField()), new StoredDocument(document, row.path(VERSION_NAME).asLong()));
            }
        }
        return found;
    }

    /** A JSONEachRow row as a document of the declared fields; nulls and empty lists left out. */
    public Document document(JsonNode row) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String field : fields) {
            Object value = read(model.typeOf(field), row.get(field), layout.dateTime64());
            if (value != null) {
                values.put(field, value);
            }
        }
        return Document.of(values);
    }

    /** A JSON value read from this table's column of {@code field} (or a value of that field's type) as its Java value. */
    public Object value(FieldType type, JsonNode node) {
        return read(type, node, layout.dateTime64());
    }

    /**
     * A JSON value of a ClickHouse column as the field type's Java value; timestamps are
     * {@code DateTime64} text when {@code dateTime64}, else milliseconds.
     */
    static Object read(FieldType type, JsonNode node, boolean dateTime64) {
        if (node == null || node.isNull()) {
            return null;
        }
        return switch (type) {
            case KEYWORD, TEXT -> node.asText();
            case LONG -> node.isNumber() ? node.longValue() : Long.parseLong(node.asText());
            case TIMESTAMP -> dateTime64 ? Instant.from(SqlValues.DATETIME64.parse(node.asText()))
                    : Instant.ofEpochMilli(node.isNumber() ? node.longValue() : Long.parseLong(node.asText()));
            case DOUBLE -> node.isNumber() ? node.doubleValue() : Double.parseDouble(node.asText());
            case DECIMAL -> new BigDecimal(node.isNumber() ? node.decimalValue().toPlainString() : node.asText());
            case BOOLEAN -> (node.isNumber() ? node.intValue() : Integer.parseInt(node.asText())) != 0;
            // 18.16 writes day 0 as 0000-00-00
            case DATE -> node.asText().equals("0000-00-00") ? LocalDate.EPOCH : LocalDate.parse(node.asText());
            case KEYWORD_LIST -> {
                List<String> items = new ArrayList<>();
                node.forEach(item -> items.add(item.asText()));
                yield items.isEmpty() ? null : List.copyOf(items);
            }
            case LONG_LIST, DOUBLE_LIST, DECIMAL_LIST, BOOLEAN_LIST, TIMESTAMP_LIST, DATE_LIST -> {
                List<Object> items = new ArrayList<>();
                node.forEach(item -> items.add(read(type.elementType(), item, dateTime64)));
                yield items.isEmpty() ? null : List.copyOf(items);
            }
        };
    }
}
