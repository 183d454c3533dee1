package dev.readmodel.core.query;

import dev.readmodel.core.model.Document;
import java.util.List;

/**
 * The reference semantics of {@link Filter}s, evaluated against one document in memory: what every store
 * answers for the same checked filters. For filters already checked against the document's read model
 * ({@link dev.readmodel.core.model.ReadModel#check(Query)}), so that values are of the fields' types, and
 * documents as the read model conforms them. Stateless and thread-safe.
 */
public final class Filters {
    private Filters() {
    }

    /**
     * Whether {@code document} satisfies every one of {@code filters} (all of none is {@code true}).
     *
     * @throws ClassCastException when a filter value is not of its field's type (the filters were not checked)
     */
    public static boolean matches(List<Filter> filters, Document document) {
        for (Filter filter : filters) {
            if (!matches(filter, document.get(filter.field()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(Filter filter, Object value) {
        if (filter instanceof Filter.Equals eq) {
            return eq.value() == null ? value == null : value != null && contains(value, eq.value());
        }
        if (filter instanceof Filter.In in) {
            return value != null && in.values().stream().anyMatch(v -> contains(value, v));
        }
        Filter.Range range = (Filter.Range) filter;
        if (value == null) {
            return false;
        }
        if (range.lower() != null) {
            int c = compare(value, range.lower());
            if (c < 0 || (c == 0 && !range.lowerInclusive())) {
                return false;
            }
        }
        if (range.upper() != null) {
            int c = compare(value, range.upper());
            return c < 0 || (c == 0 && range.upperInclusive());
        }
        return true;
    }

    private static boolean contains(Object value, Object wanted) {
        if (value instanceof List<?> list) {
            // by compare, not equals: a DECIMAL_LIST holding 1.50 contains 1.5, as in every store
            return list.stream().anyMatch(item -> compare(item, wanted) == 0);
        }
        return compare(value, wanted) == 0;
    }

    /**
     * Orders two values of one field type as every store does: strings by code point (the order of their
     * UTF-8 bytes), everything else by its natural order.
     *
     * @throws ClassCastException when the two are not of one comparable type
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static int compare(Object a, Object b) {
        if (a instanceof String x && b instanceof String y) {
            return compareCodePoints(x, y);
        }
        return ((Comparable) a).compareTo(b);
    }

    /**
     * Code point order, which is the order of UTF-8 bytes: {@link String#compareTo} compares UTF-16 units
     * and so puts characters beyond U+FFFF (surrogate pairs) before U+E000 to U+FFFF.
     */
    static int compareCodePoints(String a, String b) {
        int common = Math.min(a.length(), b.length());
        for (int i = 0; i < common; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                boolean surrogateX = Character.isSurrogate(x);
                if (surrogateX != Character.isSurrogate(y)) {
                    return surrogateX ? 1 : -1; // a surrogate starts a code point above every other unit's
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }
}
