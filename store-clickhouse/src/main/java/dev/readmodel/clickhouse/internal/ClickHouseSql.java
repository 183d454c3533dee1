package dev.readmodel.clickhouse.internal;

import dev.readmodel.core.ConfigurationException;
import dev.readmodel.core.FieldType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Literals and identifiers for ClickHouse SQL. ClickHouse 18.16 has no server-side parameters, so every
 * value is written as a literal: strings quoted with every special character escaped, numbers
 * formatted from their Java value, never from user text; identifiers only from declarations.
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
        StringBuilder literal = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> literal.append("\\\\");
                case '\'' -> literal.append("\\'");
                case '\n' -> literal.append("\\n");
                case '\r' -> literal.append("\\r");
                case '\t' -> literal.append("\\t");
                case '\0' -> literal.append("\\0");
                case '\b' -> literal.append("\\b");
                case '\f' -> literal.append("\\f");
                default -> {
                    if (c < 0x20) {
                        literal.append(String.format("\\x%02X", (int) c));
                    } else {
                        literal.append(c);
                    }
                }
            }
        }
        return literal.append('\'').toString();
    }

    /** The column type of a field. Timestamps are milliseconds since the epoch (no DateTime64 on 18.16). */
    public static String columnType(FieldType type) {
        return switch (type) {
            case KEYWORD, TEXT -> "Nullable(String)";
            case LONG, TIMESTAMP -> "Nullable(Int64)";
            case DOUBLE -> "Nullable(Float64)";
            case DECIMAL -> "Nullable(Decimal(38, " + DECIMAL_SCALE + "))";
            case BOOLEAN -> "Nullable(UInt8)";
            case DATE -> "Nullable(Date)";
            case KEYWORD_LIST -> "Array(String)";
        };
    }

    /** Digits kept after the decimal point: enough for money and rates; more are rejected, never rounded. */
    public static final int DECIMAL_SCALE = 6;

    /** A conformed value as a literal of its field's column type. */
    public static String literal(FieldType type, Object value) {
        return switch (type) {
            case KEYWORD, TEXT, KEYWORD_LIST -> string(value.toString());
            case LONG -> Long.toString((Long) value);
            case TIMESTAMP -> Long.toString(((Instant) value).toEpochMilli());
            case DOUBLE -> "toFloat64(" + string(Double.toString((Double) value)) + ")";
            case DECIMAL -> "toDecimal128(" + string(((BigDecimal) value).toPlainString()) + ", " + DECIMAL_SCALE + ")";
            case BOOLEAN -> Boolean.TRUE.equals(value) ? "1" : "0";
            case DATE -> "toDate(" + string(((LocalDate) value).toString()) + ")";
        };
    }

    /** {@code [lit, lit, ...]}. */
    public static String array(FieldType type, List<?> values) {
        StringBuilder array = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            array.append(i == 0 ? "" : ", ").append(literal(type, values.get(i)));
        }
        return array.append(']').toString();
    }
}
