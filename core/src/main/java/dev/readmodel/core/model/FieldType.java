package dev.readmodel.core.model;

import dev.readmodel.core.internal.Texts;
import dev.readmodel.core.query.Query;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The type of a read-model field. Each store maps these to its own column or mapping types; the
 * Java type a {@link Document} holds for each is given below. As filter values in a query, values of
 * each type are also held to the bounds every store represents exactly (string lengths, the timestamp
 * and date ranges, decimal precision and scale, finite doubles), listed on {@link Query}.
 */
public enum FieldType {
    /** An exact string, filtered and sorted as a whole (SQL text, ClickHouse String, Elasticsearch keyword). Java: {@link String}. */
    KEYWORD(String.class),
    /** Free text for full-text search (Elasticsearch text); elsewhere stored as a string. Java: {@link String}. */
    TEXT(String.class),
    /** A 64-bit integer. Java: {@link Long}. */
    LONG(Long.class),
    /** A double-precision number. Java: {@link Double}. */
    DOUBLE(Double.class),
    /** An exact decimal, such as money. Java: {@link BigDecimal}. */
    DECIMAL(BigDecimal.class),
    /** True or false. Java: {@link Boolean}. */
    BOOLEAN(Boolean.class),
    /** A point in time, stored to the millisecond. Java: {@link Instant}. */
    TIMESTAMP(Instant.class),
    /** A calendar date. Java: {@link LocalDate}. */
    DATE(LocalDate.class),
    /** A list of exact strings, such as tags. Java: {@code List<String>}. */
    KEYWORD_LIST(List.class),
    /** A list of 64-bit integers. Java: {@code List<Long>}. */
    LONG_LIST(List.class),
    /** A list of finite double-precision numbers. Java: {@code List<Double>}. */
    DOUBLE_LIST(List.class),
    /** A list of exact decimals. Java: {@code List<BigDecimal>}. */
    DECIMAL_LIST(List.class),
    /** A list of booleans. Java: {@code List<Boolean>}. */
    BOOLEAN_LIST(List.class),
    /** A list of points in time, each stored to the millisecond. Java: {@code List<Instant>}. */
    TIMESTAMP_LIST(List.class),
    /** A list of calendar dates. Java: {@code List<LocalDate>}. */
    DATE_LIST(List.class);

    private final Class<?> javaType;

    FieldType(Class<?> javaType) {
        this.javaType = javaType;
    }

    /** The Java type documents hold for this field type. */
    public Class<?> javaType() {
        return javaType;
    }

    /** Whether values of this type are lists ({@code KEYWORD_LIST} and the other {@code *_LIST} types). */
    public boolean isList() {
        return javaType == List.class;
    }

    /**
     * The type of each item of a list type ({@code KEYWORD} for {@code KEYWORD_LIST}, {@code LONG} for
     * {@code LONG_LIST}, ...); a scalar type is its own element type.
     */
    public FieldType elementType() {
        return switch (this) {
            case KEYWORD_LIST -> KEYWORD;
            case LONG_LIST -> LONG;
            case DOUBLE_LIST -> DOUBLE;
            case DECIMAL_LIST -> DECIMAL;
            case BOOLEAN_LIST -> BOOLEAN;
            case TIMESTAMP_LIST -> TIMESTAMP;
            case DATE_LIST -> DATE;
            default -> this;
        };
    }

    /**
     * Converts {@code value} to this type's Java type: numbers widen or convert exactly, strings parse
     * (ISO-8601 for times and dates). {@code null} stays {@code null}.
     *
     * @throws IllegalArgumentException naming the value when it does not convert
     */
    public Object coerce(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return switch (this) {
                case KEYWORD, TEXT -> value instanceof String s ? s : requireScalar(value).toString();
                case LONG -> toLong(value);
                case DOUBLE -> finite(value instanceof Number n ? n.doubleValue() : Double.parseDouble(requireString(value)));
                case DECIMAL -> toDecimal(value);
                case BOOLEAN -> toBoolean(value);
                case TIMESTAMP -> value instanceof Instant i ? truncateMillis(i)
                        : truncateMillis(Instant.parse(requireString(value)));
                case DATE -> value instanceof LocalDate d ? d : LocalDate.parse(requireString(value));
                case KEYWORD_LIST -> toList(value);
                case LONG_LIST, DOUBLE_LIST, DECIMAL_LIST, BOOLEAN_LIST, TIMESTAMP_LIST, DATE_LIST -> toTypedList(value);
            };
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("value [" + Texts.shorten(value) + "] is not a valid " + this, e);
        }
    }

    /** Whether {@code value} is already what {@link #coerce} would make of it: no conversion, no allocation. */
    boolean holds(Object value) {
        return switch (this) {
            case KEYWORD, TEXT -> value instanceof String;
            case LONG -> value instanceof Long;
            case DOUBLE -> value instanceof Double d && Double.isFinite(d) && Double.doubleToRawLongBits(d) != NEGATIVE_ZERO;
            case DECIMAL -> value instanceof BigDecimal;
            case BOOLEAN -> value instanceof Boolean;
            case TIMESTAMP -> value instanceof Instant instant && instant.getNano() % 1_000_000 == 0;
            case DATE -> value instanceof LocalDate;
            case KEYWORD_LIST, LONG_LIST, DOUBLE_LIST, DECIMAL_LIST, BOOLEAN_LIST, TIMESTAMP_LIST, DATE_LIST -> false;
        };
    }

    private static final long NEGATIVE_ZERO = Double.doubleToRawLongBits(-0.0);

    /**
     * NaN and the infinities are refused: ClickHouse answers them as {@code null} in JSON, Elasticsearch
     * refuses them, so no store could give them back as written. {@code -0.0} becomes {@code 0.0}: SQL
     * stores compare the two equal, memory and Elasticsearch put {@code -0.0} below {@code 0.0}.
     */
    private static Double finite(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value [" + value + "] is not a finite DOUBLE: NaN and Infinity are refused"
                    + " because not every store can hold them");
        }
        return value == 0 ? 0.0 : value;
    }

    private static Instant truncateMillis(Instant instant) {
        return instant.getNano() % 1_000_000 == 0 ? instant : instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    private static Object requireScalar(Object value) {
        if (value instanceof Collection<?>) {
            throw new IllegalArgumentException("value [" + Texts.shorten(value) + "] is a list, not a single value");
        }
        return value;
    }

    private String requireString(Object value) {
        if (value instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("value [" + Texts.shorten(value) + "] of type [" + value.getClass().getSimpleName()
                + "] is not a valid " + this);
    }

    private Long toLong(Object value) {
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigDecimal d) {
            return d.longValueExact();
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString()).longValueExact();
        }
        return Long.parseLong(requireString(value));
    }

    private BigDecimal toDecimal(Object value) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Double || value instanceof Float) {
            return BigDecimal.valueOf(((Number) value).doubleValue());
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        return new BigDecimal(requireString(value));
    }

    private Boolean toBoolean(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        String s = requireString(value);
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.valueOf(s);
        }
        throw new IllegalArgumentException("value [" + Texts.shorten(value) + "] is not a valid BOOLEAN (true or false)");
    }

    private List<String> toList(Object value) {
        if (value instanceof Collection<?> items) {
            List<String> strings = new ArrayList<>(items.size());
            for (Object item : items) {
                if (item == null) {
                    throw new IllegalArgumentException("list [" + value + "] contains null");
                }
                strings.add(item.toString());
            }
            return List.copyOf(strings);
        }
        return List.of(requireScalar(value).toString());
    }

    /** Each item converted by the element type, so each is held to that type's rules (finite, millisecond, ...). */
    private List<Object> toTypedList(Object value) {
        FieldType element = elementType();
        if (value instanceof Collection<?> items) {
            List<Object> converted = new ArrayList<>(items.size());
            for (Object item : items) {
                if (item == null) {
                    throw new IllegalArgumentException("list [" + Texts.shorten(value) + "] contains null");
                }
                converted.add(element.coerce(requireScalar(item)));
            }
            return List.copyOf(converted);
        }
        return List.of(element.coerce(value));
    }
}
