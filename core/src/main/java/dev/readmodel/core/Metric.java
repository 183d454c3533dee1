package dev.readmodel.core;

import java.util.Objects;

/** One computed column of an {@link Aggregation}: a closed set of what every store computes. */
public sealed interface Metric {
    /** The name of the result field (a lower-case identifier). */
    String alias();

    /** How many documents are in the group. Result: {@link Long}. */
    static Metric count(String alias) {
        return new Count(alias);
    }

    /**
     * The sum of a numeric field over the group (absent values count as nothing). Result: the field's
     * type ({@link java.math.BigDecimal} for decimals, exact in every store that has decimals).
     */
    static Metric sum(String field, String alias) {
        return new Sum(field, alias);
    }

    /** See {@link Metric#count(String)}. */
    record Count(String alias) implements Metric {
        /** Checks the alias. */
        public Count {
            ReadModel.requireIdentifier(alias, "metric alias");
        }
    }

    /** See {@link Metric#sum(String, String)}. */
    record Sum(String field, String alias) implements Metric {
        /** Checks the alias. */
        public Sum {
            Objects.requireNonNull(field, "field");
            ReadModel.requireIdentifier(alias, "metric alias");
        }
    }
}
