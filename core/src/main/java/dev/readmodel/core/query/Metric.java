package dev.readmodel.core.query;

import dev.readmodel.core.error.InvalidQueryException;
import dev.readmodel.core.internal.Texts;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One computed column of an {@link Aggregation}: a closed set of what every store computes. An alias is
 * a lower-case identifier, letters, digits and {@code _}, starting with a letter, at most 48 characters,
 * without {@code __} (stores name their helper columns with it); any other alias is an
 * {@link InvalidQueryException}, on every store.
 */
public sealed interface Metric {
    /** The name of the result field (a lower-case identifier). */
    String alias();

    /** What an alias may be; see the type's description. */
    Pattern ALIAS = Pattern.compile("[a-z][a-z0-9_]{0,47}");

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
            requireAlias(alias);
        }
    }

    /** See {@link Metric#sum(String, String)}. */
    record Sum(String field, String alias) implements Metric {
        /** Checks the alias. */
        public Sum {
            Objects.requireNonNull(field, "field");
            requireAlias(alias);
        }
    }

    private static void requireAlias(String alias) {
        if (alias == null || !ALIAS.matcher(alias).matches() || alias.contains("__")) {
            throw new InvalidQueryException("Invalid metric alias [" + Texts.shorten(alias) + "]: use lower-case"
                    + " letters, digits and '_' (never '__'), starting with a letter, at most 48 characters");
        }
    }
}
