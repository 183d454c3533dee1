package dev.readmodel.clickhouse.internal;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.model.FieldType;
import java.util.regex.Pattern;

/**
 * Identifiers, string literals and column types for ClickHouse SQL. Every identifier is quoted and comes
 * only from a declaration; values go through {@link SqlValues} (parameters, or on 18.16 escaped literals).
 */
public final class ClickHouseSql {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private ClickHouseSql() {
    }

    /** {@code `name`} after checking it is a plain identifier. */
    public static String name(String identifier) {
        if (!IDENTIFIER.matcher(identifier).matches()) {
            throw new ConfigurationException("Invalid ClickHouse identifier [" + identifier + "]");
        }
        return '`' + identifier + '`';
    }

    /** {@code `database`.`table`}. */
    public static String table(String database, String table) {
        return name(database) + "." + name(table);
    }

    /** A string literal: backslash, quote and control characters escaped. */
    public static String string(String value) {
        return escaped(new StringBuilder(value.length() + 2).append('\''), value, true).append('\'').toString();
    }

    /**
     * Appends {@code value} with backslash and control characters escaped, and the single quote too when
     * {@code quote}: the text form the server reads in a literal, and without the quote, in a String
     * parameter.
     */
    static StringBuilder escaped(StringBuilder text, String value, boolean quote) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                case '\0' -> text.append("\\0");
                case '\b' -> text.append("\\b");
                case '\f' -> text.append("\\f");
                default -> {
                    if (c == '\'' && quote) {
                        text.append("\\'");
                    } else if (c < 0x20) {
                        text.append(String.format("\\x%02X", (int) c));
                    } else {
                        text.append(c);
                    }
                }
            }
        }
        return text;
    }

    /**
     * The column type of a field. Timestamps are {@code DateTime64(3, 'UTC')} when {@code dateTime64},
     * else milliseconds since the epoch (18.16 has no DateTime64).
     */
    public static String columnType(FieldType type, boolean dateTime64) {
        return switch (type) {
            case KEYWORD, TEXT -> "Nullable(String)";
            case LONG -> "Nullable(Int64)";
            case TIMESTAMP -> dateTime64 ? "Nullable(DateTime64(3, 'UTC'))" : "Nullable(Int64)";
            case DOUBLE -> "Nullable(Float64)";
            case DECIMAL -> "Nullable(Decimal(38, " + DECIMAL_SCALE + "))";
            case BOOLEAN -> "Nullable(UInt8)";
            case DATE -> "Nullable(Date)";
            case KEYWORD_LIST -> "Array(String)";
            // items are never null: Array(Int64), Array(Decimal(38, 6)), Array(UInt8), ... (timestamps as above)
            case LONG_LIST, DOUBLE_LIST, DECIMAL_LIST, BOOLEAN_LIST, TIMESTAMP_LIST, DATE_LIST ->
                    "Array(" + ColumnKind.of(type, dateTime64).sqlType() + ")";
        };
    }

    /** Digits kept after the decimal point: enough for money and rates; more are rejected, never rounded. */
    public static final int DECIMAL_SCALE = 6;
}
