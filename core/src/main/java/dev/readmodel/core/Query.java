package dev.readmodel.core;

import java.util.ArrayList;
import java.util.List;

/**
 * A query on one read model: filters (all must hold), ordering, and a page. Immutable; build with
 * {@link #builder()}. Checked against the read model's declaration before any store runs it, by
 * {@link ReadModel#check(Query)}.
 *
 * <pre>{@code
 * Query.builder().where(Filter.eq("status", "paid")).orderBy("-total", "customer").limit(50).build();
 * }</pre>
 *
 * @param filters conditions that all must hold
 * @param orderBy ordering terms, first one first; stores break remaining ties by the key field
 * @param limit how many documents at most, from 0 to {@link #MAX_LIMIT}
 * @param offset how many documents to skip, from 0 to {@link #MAX_OFFSET}
 */
public record Query(List<Filter> filters, List<SortOrder> orderBy, int limit, int offset) {
    /** Limit used when none is given. */
    public static final int DEFAULT_LIMIT = 100;
    /** Largest limit accepted. */
    public static final int MAX_LIMIT = 10_000;
    /** Largest offset accepted: deeper pages should filter on the sort field instead. */
    public static final int MAX_OFFSET = 1_000_000;

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
