package dev.readmodel.core.query;

import dev.readmodel.core.error.InvalidQueryException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One condition of a query: the closed set of what stores must support. Values are converted to the
 * field's type when the query is checked against its {@link dev.readmodel.core.model.ReadModel}.
 */
public sealed interface Filter {
    /** The declared field this filter is on. */
    String field();

    /** {@code field = value}. */
    static Filter eq(String field, Object value) {
        return new Equals(field, value);
    }

    /** {@code field} equals one of {@code values}. */
    static Filter in(String field, List<?> values) {
        return new In(field, new ArrayList<>(values));
    }

    /** {@code field > value}. */
    static Filter gt(String field, Object value) {
        return new Range(field, value, false, null, false);
    }

    /** {@code field >= value}. */
    static Filter gte(String field, Object value) {
        return new Range(field, value, true, null, false);
    }

    /** {@code field < value}. */
    static Filter lt(String field, Object value) {
        return new Range(field, null, false, value, false);
    }

    /** {@code field <= value}. */
    static Filter lte(String field, Object value) {
        return new Range(field, null, false, value, true);
    }

    /** {@code from <= field < to}, either bound {@code null} for open. */
    static Filter between(String field, Object from, Object to) {
        return new Range(field, from, true, to, false);
    }

    /**
     * Parses the text form used by the command line and HTTP adapters: {@code field=value},
     * {@code field:eq=value}, {@code field:in=a,b,c}, {@code field:gt=v}, {@code :gte}, {@code :lt},
     * {@code :lte}.
     *
     * @throws InvalidQueryException naming the filter when it has no {@code =} or an unknown operator
     */
    static Filter parse(String text) {
        int equals = text == null ? -1 : text.indexOf('=');
        if (equals <= 0) {
            throw new InvalidQueryException("Invalid filter [" + text + "]: expected field=value or field:operator=value");
        }
        String left = text.substring(0, equals);
        String value = text.substring(equals + 1);
        int colon = left.indexOf(':');
        String field = colon < 0 ? left : left.substring(0, colon);
        String operator = colon < 0 ? "eq" : left.substring(colon + 1);
        return switch (operator) {
            case "eq" -> eq(field, value);
            case "in" -> in(field, Arrays.asList(value.split(",", -1)));
            case "gt" -> gt(field, value);
            case "gte" -> gte(field, value);
            case "lt" -> lt(field, value);
            case "lte" -> lte(field, value);
            default -> throw new InvalidQueryException("Unknown operator [" + operator + "] in filter [" + text
                    + "]; expected one of [eq, in, gt, gte, lt, lte]");
        };
    }

    /** Equality. {@code null} matches documents where the field is absent or null. */
    record Equals(String field, Object value) implements Filter {
        /** Rejects a null field. */
        public Equals {
            Objects.requireNonNull(field, "field");
        }
    }

    /** Membership in a non-empty list of values. */
    record In(String field, List<Object> values) implements Filter {
        /** Rejects an empty list and null members. */
        public In {
            Objects.requireNonNull(field, "field");
            if (values == null || values.isEmpty()) {
                throw new InvalidQueryException("Filter [" + field + " in ...] needs at least one value");
            }
            for (Object value : values) {
                if (value == null) {
                    throw new InvalidQueryException("Filter [" + field + " in " + values + "] contains null");
                }
            }
            values = List.copyOf(values);
        }
    }

    /** A range with optional lower and upper bounds, each inclusive or not. */
    record Range(String field, Object lower, boolean lowerInclusive, Object upper, boolean upperInclusive)
            implements Filter {
        /** Rejects a range with neither bound. */
        public Range {
            Objects.requireNonNull(field, "field");
            if (lower == null && upper == null) {
                throw new InvalidQueryException("Range filter on [" + field + "] needs a lower or an upper bound");
            }
        }
    }
}
