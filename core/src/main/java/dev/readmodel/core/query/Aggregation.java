package dev.readmodel.core.query;

import dev.readmodel.core.error.InvalidQueryException;
import dev.readmodel.core.internal.Texts;
import java.util.ArrayList;
import java.util.List;

/**
 * A grouped summary of one read model: filters, the fields to group by, metrics per group, ordering by
 * group fields or metric aliases ({@code -} for descending), and a limit. Each result is a document with
 * the group fields and the metric aliases. Checked by {@link dev.readmodel.core.model.ReadModel#check(Aggregation)}.
 *
 * <pre>{@code
 * Aggregation.builder().where(Filter.eq("status", "paid")).groupBy("customer_id")
 *         .sum("paid_amount", "revenue").count("invoices").orderBy("-revenue").limit(10).build();
 * }</pre>
 *
 * @param filters conditions that all must hold
 * @param groupBy fields to group by; empty for one group over everything
 * @param metrics at least one metric
 * @param orderBy ordering by group fields or aliases; by the group fields ascending when empty
 * @param limit how many groups at most, 1 to {@link Query#MAX_LIMIT}
 */
public record Aggregation(List<Filter> filters, List<String> groupBy, List<Metric> metrics, List<SortOrder> orderBy,
        int limit) {

    /**
     * Validates bounds.
     *
     * @throws InvalidQueryException when there is no metric or the limit is out of bounds
     */
    public Aggregation {
        filters = List.copyOf(filters);
        groupBy = List.copyOf(groupBy);
        metrics = List.copyOf(metrics);
        orderBy = List.copyOf(orderBy);
        if (metrics.isEmpty()) {
            throw new InvalidQueryException("An aggregation needs at least one metric (count or sum)");
        }
        if (limit < 1 || limit > Query.MAX_LIMIT) {
            throw new InvalidQueryException("Invalid limit [" + limit + "]: expected 1 to " + Query.MAX_LIMIT);
        }
    }

    /** The aggregation for messages: each filter shortened to 120 characters. */
    @Override
    public String toString() {
        return "Aggregation[filters=" + filters.stream().map(f -> Texts.shorten(f, 120)).toList() + ", groupBy="
                + groupBy + ", metrics=" + metrics + ", orderBy=" + orderBy + ", limit=" + limit + "]";
    }

    /** Starts an aggregation with the default limit. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects the parts of an aggregation; not thread-safe. */
    public static final class Builder {
        private final List<Filter> filters = new ArrayList<>();
        private final List<String> groupBy = new ArrayList<>();
        private final List<Metric> metrics = new ArrayList<>();
        private final List<SortOrder> orderBy = new ArrayList<>();
        private int limit = Query.DEFAULT_LIMIT;

        private Builder() {
        }

        /** Adds conditions. */
        public Builder where(Filter... conditions) {
            filters.addAll(List.of(conditions));
            return this;
        }

        /** Adds fields to group by. */
        public Builder groupBy(String... fields) {
            groupBy.addAll(List.of(fields));
            return this;
        }

        /** Adds a count of documents per group. */
        public Builder count(String alias) {
            metrics.add(Metric.count(alias));
            return this;
        }

        /** Adds a sum of {@code field} per group. */
        public Builder sum(String field, String alias) {
            metrics.add(Metric.sum(field, alias));
            return this;
        }

        /** Adds ordering terms over group fields or aliases, {@code -} prefixed for descending. */
        public Builder orderBy(String... terms) {
            for (String term : terms) {
                orderBy.add(SortOrder.parse(term));
            }
            return this;
        }

        /** Sets how many groups at most. */
        public Builder limit(int value) {
            limit = value;
            return this;
        }

        /**
         * Builds the aggregation.
         *
         * @throws InvalidQueryException when there is no metric or the limit is out of bounds
         */
        public Aggregation build() {
            return new Aggregation(filters, groupBy, metrics, orderBy, limit);
        }
    }
}
