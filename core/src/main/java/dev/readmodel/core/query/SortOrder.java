package dev.readmodel.core.query;

import dev.readmodel.core.error.InvalidQueryException;
import java.util.Objects;

/**
 * One ordering term of a query.
 *
 * @param field the declared field to order by
 * @param descending {@code true} for largest first
 */
public record SortOrder(String field, boolean descending) {
    /** Rejects a null or empty field. */
    public SortOrder {
        Objects.requireNonNull(field, "field");
        if (field.isEmpty()) {
            throw new InvalidQueryException("Empty field name in order by");
        }
    }

    /** Parses {@code "total"} (ascending) or {@code "-total"} (descending). */
    public static SortOrder parse(String term) {
        if (term == null || term.isEmpty() || term.equals("-")) {
            throw new InvalidQueryException("Invalid order by term [" + term + "]: expected a field name, prefixed with '-' for descending");
        }
        return term.startsWith("-") ? new SortOrder(term.substring(1), true) : new SortOrder(term, false);
    }

    @Override
    public String toString() {
        return descending ? "-" + field : field;
    }
}
