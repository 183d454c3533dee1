package dev.readmodel.clickhouse.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * The values a column can hold, so that a filter bound it cannot hold is turned into the exact condition
 * instead of being clamped by the server ({@code toDate('2150-01-01')} is 2149-06-06 there,
 * {@code toDecimal128('1.0000001', 6)} is 1). A lower bound below every value the column holds matches
 * every value; one above matches none; a bound between two values the column holds becomes the nearest
 * held value on the inside, inclusive.
 */
public final class ColumnRange {
    /** Decimal(38, 6): 32 digits before the point. */
    private static final BigDecimal DECIMAL_MAX = BigDecimal.TEN.pow(32).subtract(BigDecimal.ONE.movePointLeft(6));
    private static final ColumnRange UNBOUNDED = new ColumnRange(null, null);
    private static final ColumnRange DECIMAL = new ColumnRange(DECIMAL_MAX.negate(), DECIMAL_MAX);
    private static final ColumnRange DATE = new ColumnRange(LocalDate.ofEpochDay(0), LocalDate.ofEpochDay(0xFFFF));
    private static final ColumnRange MILLIS = new ColumnRange(Instant.ofEpochMilli(Long.MIN_VALUE),
            Instant.ofEpochMilli(Long.MAX_VALUE));
    /** What {@code DateTime64(3)} holds. */
    static final ColumnRange DATETIME64 = new ColumnRange(Instant.parse("1900-01-01T00:00:00Z"),
            Instant.parse("2299-12-31T23:59:59.999Z"));

    private final Comparable<Object> min;
    private final Comparable<Object> max;

    @SuppressWarnings("unchecked")
    private ColumnRange(Comparable<?> min, Comparable<?> max) {
        this.min = (Comparable<Object>) min;
        this.max = (Comparable<Object>) max;
    }

    /** The range of a column of {@code kind}. */
    public static ColumnRange of(ColumnKind kind) {
        return switch (kind) {
            case DECIMAL -> DECIMAL;
            case DATE -> DATE;
            case MILLIS -> MILLIS;
            case DATETIME64 -> DATETIME64;
            case STRING, INT64, FLOAT64, UINT8 -> UNBOUNDED;
        };
    }

    /** Whether the column can hold {@code value} exactly. */
    public boolean holds(Object value) {
        return (min == null || min.compareTo(value) <= 0 && max.compareTo(value) >= 0) && same(floor(value), value);
    }

    /** {@code value} as the column holds it, when it {@link #holds} it (decimals at the column's scale). */
    public Object held(Object value) {
        return floor(value);
    }

    /**
     * The lower bound as the column sees it.
     *
     * @return {@link Edge#ALL} when every held value is above it, {@link Edge#NONE} when none is
     */
    public Edge lower(Object value, boolean inclusive) {
        if (min == null) {
            return new Edge.At(value, inclusive);
        }
        if (max.compareTo(value) < 0 || !inclusive && max.compareTo(value) == 0) {
            return Edge.NONE;
        }
        if (min.compareTo(value) > 0) {
            return Edge.ALL;
        }
        Object ceil = ceil(value);
        return new Edge.At(ceil, same(ceil, value) ? inclusive : true);
    }

    /** The upper bound as the column sees it; see {@link #lower}. */
    public Edge upper(Object value, boolean inclusive) {
        if (min == null) {
            return new Edge.At(value, inclusive);
        }
        if (min.compareTo(value) > 0 || !inclusive && min.compareTo(value) == 0) {
            return Edge.NONE;
        }
        if (max.compareTo(value) < 0) {
            return Edge.ALL;
        }
        Object floor = floor(value);
        return new Edge.At(floor, same(floor, value) ? inclusive : true);
    }

    private static boolean same(Object held, Object value) {
        return held instanceof BigDecimal d ? d.compareTo((BigDecimal) value) == 0 : held.equals(value);
    }

    private static Object floor(Object value) {
        if (value instanceof BigDecimal d) {
            return d.setScale(ClickHouseSql.DECIMAL_SCALE, RoundingMode.FLOOR);
        }
        if (value instanceof Instant i) {
            return i.truncatedTo(ChronoUnit.MILLIS);
        }
        return value;
    }

    private static Object ceil(Object value) {
        if (value instanceof BigDecimal d) {
            return d.setScale(ClickHouseSql.DECIMAL_SCALE, RoundingMode.CEILING);
        }
        if (value instanceof Instant i) {
            Instant floor = i.truncatedTo(ChronoUnit.MILLIS);
            return floor.equals(i) ? i : floor.plusMillis(1);
        }
        return value;
    }

    /** One side of a range as the column sees it. */
    public sealed interface Edge {
        /** Every value the column holds is on the inside. */
        Edge ALL = new All();
        /** No value the column holds is on the inside. */
        Edge NONE = new None();

        /** A bound the column holds exactly. */
        record At(Object value, boolean inclusive) implements Edge {
        }

        /** See {@link #ALL}. */
        record All() implements Edge {
        }

        /** See {@link #NONE}. */
        record None() implements Edge {
        }
    }
}
