package dev.readmodel.core.model;

import dev.readmodel.core.error.InvalidQueryException;
import dev.readmodel.core.internal.Texts;
import dev.readmodel.core.query.Query;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The bounds of {@link Query} applied to filter values once they have their field's type: what every
 * store holds and compares exactly. One instance per query checked, to count its values; not
 * thread-safe.
 */
final class QueryValues {
    private static final BigDecimal DECIMAL_LIMIT = BigDecimal.TEN.pow(Query.MAX_DECIMAL_INTEGER_DIGITS);

    private final ReadModel model;
    private int values;
    private long characters;

    QueryValues(ReadModel model) {
        this.model = model;
    }

    /**
     * Checks one coerced, non-null value of {@code field}; {@code bound} for range bounds.
     *
     * @return the value, {@code -0.0} as {@code 0.0}
     * @throws InvalidQueryException naming the field, the value (shortened) and the rule
     */
    Object check(String field, FieldType type, Object value, boolean bound) {
        if (++values > Query.MAX_VALUES) {
            throw refuse(field, value, "a query carries at most " + Query.MAX_VALUES + " values");
        }
        if (value instanceof String s) {
            checkString(field, s, bound);
        } else if (value instanceof Instant instant) {
            if (instant.isBefore(Query.MIN_TIMESTAMP) || instant.isAfter(Query.MAX_TIMESTAMP)) {
                throw refuse(field, value, "timestamps are from " + Query.MIN_TIMESTAMP + " to " + Query.MAX_TIMESTAMP
                        + ", what every store holds");
            }
        } else if (value instanceof LocalDate date) {
            if (date.isBefore(Query.MIN_DATE) || date.isAfter(Query.MAX_DATE)) {
                throw refuse(field, value, "dates are from " + Query.MIN_DATE + " to " + Query.MAX_DATE
                        + ", what every store holds");
            }
        } else if (value instanceof BigDecimal decimal) {
            checkDecimal(field, decimal);
        } else if (value instanceof Double number) {
            if (number.isNaN() || number.isInfinite()) {
                throw refuse(field, value, "numbers are finite");
            }
            if (number != 0 && Math.abs(number) < Double.MIN_NORMAL) {
                throw refuse(field, value, "numbers are 0 or at least " + Double.MIN_NORMAL
                        + " in magnitude: ClickHouse reads smaller (subnormal) numbers in a query as 0");
            }
            return number == 0 ? Double.valueOf(0.0) : number;
        }
        return value;
    }

    private void checkString(String field, String value, boolean bound) {
        int longest = bound ? Query.MAX_RANGE_BOUND_LENGTH : Query.MAX_STRING_LENGTH;
        if (value.length() > longest) {
            throw refuse(field, value, (bound ? "range bounds on strings" : "strings") + " are at most " + longest
                    + " characters; this one has " + value.length());
        }
        characters += value.length();
        if (characters > Query.MAX_VALUE_CHARACTERS) {
            throw refuse(field, value, "the strings of a query are at most " + Query.MAX_VALUE_CHARACTERS
                    + " characters together");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\0') {
                throw refuse(field, value, "strings cannot hold the NUL character (U+0000): PostgreSQL text cannot"
                        + " store it, so no document has it");
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw refuse(field, value, "strings are valid Unicode: an unpaired surrogate at index " + i
                        + " has no UTF-8 form");
            }
        }
    }

    private void checkDecimal(String field, BigDecimal value) {
        BigDecimal plain = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
        if (plain.scale() > Query.MAX_DECIMAL_SCALE) {
            throw refuse(field, value, "decimals have at most " + Query.MAX_DECIMAL_SCALE
                    + " digits after the point, and a value with more is not rounded");
        }
        if (plain.abs().compareTo(DECIMAL_LIMIT) >= 0) {
            throw refuse(field, value, "decimals are less than 10^" + Query.MAX_DECIMAL_INTEGER_DIGITS + " in magnitude ("
                    + Query.MAX_DECIMAL_INTEGER_DIGITS + " digits before the point)");
        }
    }

    private InvalidQueryException refuse(String field, Object value, String rule) {
        return new InvalidQueryException("Filter on [" + field + "] of read model [" + model.name() + "]: value ["
                + Texts.shorten(value) + "] is refused: " + rule);
    }
}
