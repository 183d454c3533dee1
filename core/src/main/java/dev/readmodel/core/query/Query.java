package dev.readmodel.core.query;

import dev.readmodel.core.error.InvalidQueryException;
import dev.readmodel.core.internal.Texts;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A query on one read model: filters (all must hold), ordering, and a page. Immutable; build with
 * {@link #builder()}. Checked against the read model's declaration before any store runs it, by
 * {@link dev.readmodel.core.model.ReadModel#check(Query)}: field names must be declared, and every value must fit its field's
 * {@link dev.readmodel.core.model.FieldType} and the bounds below, which are what every store (memory, PostgreSQL, ClickHouse,
 * Elasticsearch) holds and compares exactly. A query that passes gets the same answer from every store;
 * one that does not is an {@link InvalidQueryException} naming the field, the value (shortened) and the
 * rule, whatever the store.
 *
 * <ul>
 *   <li>Strings (KEYWORD, TEXT, KEYWORD_LIST values): at most {@link #MAX_STRING_LENGTH} characters, and
 *       range bounds at most {@link #MAX_RANGE_BOUND_LENGTH}; no NUL character (U+0000) and no unpaired
 *       surrogate.</li>
 *   <li>A query carries at most {@link #MAX_VALUES} values (each value of an {@code in} counts) of at
 *       most {@link #MAX_VALUE_CHARACTERS} characters together.</li>
 *   <li>TIMESTAMP values from {@link #MIN_TIMESTAMP} to {@link #MAX_TIMESTAMP}; DATE values from
 *       {@link #MIN_DATE} to {@link #MAX_DATE}.</li>
 *   <li>DECIMAL values with at most {@link #MAX_DECIMAL_SCALE} digits after the point (more that are not
 *       zeros are refused, never rounded) and less than 10^{@value #MAX_DECIMAL_INTEGER_DIGITS} in
 *       magnitude; DOUBLE values finite and 0 or at least {@link Double#MIN_NORMAL} in magnitude
 *       ({@code -0.0} is taken as {@code 0.0}).</li>
 *   <li>A filter on a list field ({@code eq}, {@code in}, or {@code eq null} for an empty list) takes values
 *       of its item type, held to that type's bounds: {@code eq("days", "2024-01-31")} on a DATE_LIST.</li>
 *   <li>Offset plus limit at most {@link #MAX_WINDOW}: deeper pages filter on the sort field instead.</li>
 * </ul>
 *
 * <pre>{@code
 * Query.builder().where(Filter.eq("status", "paid")).orderBy("-total", "customer").limit(50).build();
 * }</pre>
 *
 * @param filters conditions that all must hold
 * @param orderBy ordering terms, first one first; stores break remaining ties by the key field
 * @param limit how many documents at most, from 0 to {@link #MAX_LIMIT}
 * @param offset how many documents to skip, from 0 to {@link #MAX_OFFSET}, offset plus limit at most {@link #MAX_WINDOW}
 */
public record Query(List<Filter> filters, List<SortOrder> orderBy, int limit, int offset) {
    /** Limit used when none is given. */
    public static final int DEFAULT_LIMIT = 100;
    /** Largest limit accepted. */
    public static final int MAX_LIMIT = 10_000;
    /** Largest offset accepted: deeper pages should filter on the sort field instead. */
    public static final int MAX_OFFSET = 20_000;
    /**
     * Largest offset plus limit: the deepest page every store serves (the Elasticsearch store's
     * {@code max_result_window}).
     */
    public static final int MAX_WINDOW = 20_000;
    /**
     * Longest string value, in UTF-16 characters: Elasticsearch indexes keywords of at most 32,766 bytes
     * of UTF-8 (8,191 characters take at most 24,573) and the exact-match subfield of its text fields
     * keeps values of at most 8,191 characters, so no store can match a longer value.
     */
    public static final int MAX_STRING_LENGTH = 8_191;
    /**
     * Longest string range bound, in characters: Elasticsearch builds an automaton for a keyword range and
     * refuses a lower bound of 1,000 bytes of UTF-8 or more (256 characters take at most 768).
     */
    public static final int MAX_RANGE_BOUND_LENGTH = 256;
    /** Most values in one query, each value of an {@code in} filter counted. */
    public static final int MAX_VALUES = 1_024;
    /**
     * Most characters of string values in one query together: ClickHouse takes values as literals in a
     * query text of at most 256 KiB ({@code max_query_size}), escapes included.
     */
    public static final int MAX_VALUE_CHARACTERS = 32_768;
    /** Earliest TIMESTAMP value: what ClickHouse's {@code DateTime64(3)} holds. */
    public static final Instant MIN_TIMESTAMP = Instant.parse("1900-01-01T00:00:00Z");
    /** Latest TIMESTAMP value: what ClickHouse's {@code DateTime64(3)} holds. */
    public static final Instant MAX_TIMESTAMP = Instant.parse("2299-12-31T23:59:59.999Z");
    /** Earliest DATE value: what ClickHouse's {@code Date} holds. */
    public static final LocalDate MIN_DATE = LocalDate.parse("1970-01-01");
    /**
     * Latest DATE value: what ClickHouse's {@code Date} holds on every supported server (current ones hold
     * dates to 2149-06-06, 18.16 to 2105-12-31 and reads later ones back as {@code 0000-00-00}).
     */
    public static final LocalDate MAX_DATE = LocalDate.parse("2105-12-31");
    /** Most digits after the decimal point of a DECIMAL value: ClickHouse's {@code Decimal(38, 6)}. */
    public static final int MAX_DECIMAL_SCALE = 6;
    /** DECIMAL values are less than 10 to this power in magnitude: the 32 digits before the point of {@code Decimal(38, 6)}. */
    public static final int MAX_DECIMAL_INTEGER_DIGITS = 32;

    /**
     * Validates bounds.
     *
     * @throws InvalidQueryException when limit or offset is out of bounds
     */
    public Query {
        filters = List.copyOf(filters);
        orderBy = List.copyOf(orderBy);
        if (limit < 0 || limit > MAX_LIMIT) {
            throw new InvalidQueryException("Invalid limit [" + limit + "]: expected 0 to " + MAX_LIMIT);
        }
        if (offset < 0 || offset > MAX_OFFSET) {
            throw new InvalidQueryException("Invalid offset [" + offset + "]: expected 0 to " + MAX_OFFSET);
        }
        if (offset + limit > MAX_WINDOW) {
            throw new InvalidQueryException("Offset [" + offset + "] plus limit [" + limit + "] reaches past " + MAX_WINDOW
                    + " documents, the deepest page every store serves: filter on the sort field instead");
        }
    }

    /** The query for messages: each filter shortened to 120 characters, so that a huge value cannot flood a log. */
    @Override
    public String toString() {
        return "Query[filters=" + filters.stream().map(f -> Texts.shorten(f, 120)).toList() + ", orderBy=" + orderBy
                + ", limit=" + limit + ", offset=" + offset + "]";
    }

    /** Every document, in key order, up to the default limit. */
    public static Query all() {
        return builder().build();
    }

    /** Starts a query with no filters, no order, the default limit and offset 0. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects the parts of a query; not thread-safe. */
    public static final class Builder {
        private final List<Filter> filters = new ArrayList<>();
        private final List<SortOrder> orderBy = new ArrayList<>();
        private int limit = DEFAULT_LIMIT;
        private int offset;

        private Builder() {
        }

        /** Adds conditions. */
        public Builder where(Filter... conditions) {
            filters.addAll(List.of(conditions));
            return this;
        }

        /** Adds ordering terms: field names, {@code -} prefixed for descending. */
        public Builder orderBy(String... terms) {
            for (String term : terms) {
                orderBy.add(SortOrder.parse(term));
            }
            return this;
        }

        /** Sets the page size. */
        public Builder limit(int value) {
            limit = value;
            return this;
        }

        /** Sets how many to skip. */
        public Builder offset(int value) {
            offset = value;
            return this;
        }

        /**
         * Builds the query.
         *
         * @throws InvalidQueryException when limit or offset is out of bounds
         */
        public Query build() {
            return new Query(filters, orderBy, limit, offset);
        }
    }
}
