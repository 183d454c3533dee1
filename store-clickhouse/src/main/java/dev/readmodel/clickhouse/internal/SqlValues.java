package dev.readmodel.clickhouse.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of one statement: bound as server-side parameters ({@code {p0:String}}, sent apart from the
 * SQL) where the server has them, else written as escaped literals. One instance per statement; not
 * thread-safe.
 */
public abstract sealed class SqlValues {
    static final DateTimeFormatter DATETIME64 = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    /** Values as escaped literals in the SQL (18.16). */
    public static SqlValues asLiterals() {
        return new Literals();
    }

    /** Values as server-side parameters. */
    public static SqlValues asParameters() {
        return new Parameters();
    }

    /** The SQL for {@code value} (the Java value of a conformed field) in a column of {@code kind}. */
    public abstract String value(ColumnKind kind, Object value);

    /** The parameters to send with the statement; empty for literals. */
    public abstract Map<String, Object> parameters();

    /** {@code (v, v, ...)} for IN. */
    public String list(ColumnKind kind, List<?> values) {
        StringBuilder sql = new StringBuilder("(");
        for (int i = 0; i < values.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(value(kind, values.get(i)));
        }
        return sql.append(')').toString();
    }

    private static final class Literals extends SqlValues {
        @Override
        public String value(ColumnKind kind, Object value) {
            return switch (kind) {
                case STRING -> ClickHouseSql.string(value.toString());
                case INT64 -> Long.toString((Long) value);
                case MILLIS -> Long.toString(((Instant) value).toEpochMilli());
                case FLOAT64 -> "toFloat64(" + ClickHouseSql.string(Double.toString((Double) value)) + ")";
                case DECIMAL -> "toDecimal128(" + ClickHouseSql.string(((BigDecimal) value).toPlainString()) + ", "
                        + ClickHouseSql.DECIMAL_SCALE + ")";
                case UINT8 -> Boolean.TRUE.equals(value) ? "1" : "0";
                case DATE -> "toDate(" + ClickHouseSql.string(value.toString()) + ")";
                case DATETIME64 -> "toDateTime64(" + ClickHouseSql.string(DATETIME64.format((Instant) value)) + ", 3, 'UTC')";
            };
        }

        @Override
        public Map<String, Object> parameters() {
            return Map.of();
        }
    }

    private static final class Parameters extends SqlValues {
        private final Map<String, Object> parameters = new LinkedHashMap<>();

        @Override
        public String value(ColumnKind kind, Object value) {
            String name = "p" + parameters.size();
            parameters.put(name, text(kind, value));
            return "{" + name + ":" + kind.sqlType() + "}";
        }

        /** A parameter's value in the server's escaped text form (client-v2 sends it as it is). */
        private static String text(ColumnKind kind, Object value) {
            return switch (kind) {
                case STRING -> escaped(value.toString());
                case INT64 -> Long.toString((Long) value);
                case MILLIS -> Long.toString(((Instant) value).toEpochMilli());
                case FLOAT64 -> Double.toString((Double) value);
                case DECIMAL -> ((BigDecimal) value).toPlainString();
                case UINT8 -> Boolean.TRUE.equals(value) ? "1" : "0";
                case DATE -> ((LocalDate) value).toString();
                case DATETIME64 -> DATETIME64.format((Instant) value);
            };
        }

        /** Backslash and control characters escaped, as the server reads a String parameter. */
        private static String escaped(String value) {
            return ClickHouseSql.escaped(new StringBuilder(value.length()), value, false).toString();
        }

        @Override
        public Map<String, Object> parameters() {
            return parameters;
        }
    }
}
