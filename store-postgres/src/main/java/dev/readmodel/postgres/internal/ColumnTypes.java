package dev.readmodel.postgres.internal;

import dev.readmodel.core.model.FieldType;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** How each field type is stored in PostgreSQL, sent as text and read back. */
public final class ColumnTypes {
    private ColumnTypes() {
    }

    /** The column type in DDL. Keywords sort by code point ("C" collation), as the in-memory store does. */
    public static String ddl(FieldType type) {
        return switch (type) {
            case KEYWORD -> "TEXT COLLATE \"C\"";
            case TEXT -> "TEXT";
            case LONG -> "BIGINT";
            case DOUBLE -> "DOUBLE PRECISION";
            case DECIMAL -> "NUMERIC";
            case BOOLEAN -> "BOOLEAN";
            case TIMESTAMP -> "TIMESTAMPTZ";
            case DATE -> "DATE";
            case KEYWORD_LIST -> "TEXT[] COLLATE \"C\"";
            case LONG_LIST, DOUBLE_LIST, DECIMAL_LIST, BOOLEAN_LIST, TIMESTAMP_LIST, DATE_LIST ->
                    ddl(type.elementType()) + "[]";
        };
    }

    /** The type name for casts of a text parameter. */
    public static String cast(FieldType type) {
        return switch (type) {
            case KEYWORD, TEXT -> "text";
            case LONG -> "bigint";
            case DOUBLE -> "float8";
            case DECIMAL -> "numeric";
            case BOOLEAN -> "boolean";
            case TIMESTAMP -> "timestamptz";
            case DATE -> "date";
            case KEYWORD_LIST -> "text[]";
            case LONG_LIST, DOUBLE_LIST, DECIMAL_LIST, BOOLEAN_LIST, TIMESTAMP_LIST, DATE_LIST ->
                    cast(type.elementType()) + "[]";
        };
    }

    /** What information_schema.columns.data_type says for the type; for arrays, the item type's udt_name with []. */
    public static String informationSchemaType(FieldType type) {
        return switch (type) {
            case KEYWORD, TEXT -> "text";
            case LONG -> "bigint";
            case DOUBLE -> "double precision";
            case DECIMAL -> "numeric";
            case BOOLEAN -> "boolean";
            case TIMESTAMP -> "timestamp with time zone";
            case DATE -> "date";
            // an array as its item type's udt_name and []: what DocumentTable's check reads for arrays
            case KEYWORD_LIST -> "text[]";
            case LONG_LIST -> "int8[]";
            case DOUBLE_LIST -> "float8[]";
            case DECIMAL_LIST -> "numeric[]";
            case BOOLEAN_LIST -> "bool[]";
            case TIMESTAMP_LIST -> "timestamptz[]";
            case DATE_LIST -> "date[]";
        };
    }

    /** A conformed value as text PostgreSQL casts back exactly; lists as array literals. */
    public static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof List<?> list) {
            StringBuilder literal = new StringBuilder("{");
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    literal.append(',');
                }
                Object item = list.get(i);
                String itemText = item instanceof BigDecimal decimal ? decimal.toPlainString() : item.toString();
                literal.append('"').append(itemText.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
            return literal.append('}').toString();
        }
        return value.toString();
    }

    /** Reads column {@code index} as the field type's Java value; {@code null} when SQL NULL. */
    public static Object read(ResultSet rs, int index, FieldType type) throws SQLException {
        Object value = switch (type) {
            case KEYWORD, TEXT -> rs.getString(index);
            case LONG -> rs.getLong(index);
            case DOUBLE -> rs.getDouble(index);
            case DECIMAL -> rs.getBigDecimal(index);
            case BOOLEAN -> rs.getBoolean(index);
            case TIMESTAMP -> {
                OffsetDateTime time = rs.getObject(index, OffsetDateTime.class);
                yield time == null ? null : time.toInstant();
            }
            case DATE -> rs.getObject(index, java.time.LocalDate.class);
            case KEYWORD_LIST -> {
                Array array = rs.getArray(index);
                yield array == null ? null : List.of((String[]) array.getArray());
            }
            case LONG_LIST, DOUBLE_LIST, DECIMAL_LIST, BOOLEAN_LIST, TIMESTAMP_LIST, DATE_LIST -> {
                Array array = rs.getArray(index);
                yield array == null ? null : items((Object[]) array.getArray());
            }
        };
        return rs.wasNull() ? null : value;
    }

    /**
     * The items of a bigint, float8, numeric, boolean, timestamptz or date array as the Java values of the element
     * type: the driver gives timestamps as {@link Timestamp} (an instant) and dates as {@link Date} (a local date).
     */
    private static List<Object> items(Object[] items) {
        List<Object> values = new ArrayList<>(items.length);
        for (Object item : items) {
            if (item instanceof Timestamp time) {
                values.add(time.toInstant());
            } else if (item instanceof Date date) {
                values.add(date.toLocalDate());
            } else {
                values.add(item);
            }
        }
        return List.copyOf(values);
    }
}
