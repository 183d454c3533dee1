package dev.readmodel.postgres.internal;

import dev.readmodel.core.model.FieldType;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
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
        };
    }

    /** What information_schema.columns.data_type says for the type. */
    public static String informationSchemaType(FieldType type) {
        return switch (type) {
            case KEYWORD, TEXT -> "text";
            case LONG -> "bigint";
            case DOUBLE -> "double precision";
            case DECIMAL -> "numeric";
            case BOOLEAN -> "boolean";
            case TIMESTAMP -> "timestamp with time zone";
            case DATE -> "date";
            case KEYWORD_LIST -> "ARRAY";
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
                literal.append('"').append(list.get(i).toString().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
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
        };
        return rs.wasNull() ? null : value;
    }
}
