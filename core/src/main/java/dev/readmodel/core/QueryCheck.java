package dev.readmodel.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks a query against a read model's declared fields and converts filter values to field types. */
final class QueryCheck {
    private QueryCheck() {
    }

    static Query check(ReadModel model, Query query) {
        List<Filter> filters = new ArrayList<>(query.filters().size());
        for (Filter filter : query.filters()) {
            FieldType type = fieldType(model, filter.field(), "filter");
            if (filter instanceof Filter.Equals eq) {
                filters.add(new Filter.Equals(eq.field(), coerce(model, type, eq.field(), eq.value())));
            } else if (filter instanceof Filter.In in) {
                filters.add(new Filter.In(in.field(),
                        in.values().stream().map(v -> coerce(model, type, in.field(), v)).toList()));
            } else {
                filters.add(checkRange(model, type, (Filter.Range) filter));
            }
        }
        Set<String> seen = new HashSet<>();
        for (SortOrder order : query.orderBy()) {
            FieldType type = fieldType(model, order.field(), "order by");
            if (type == FieldType.TEXT || type == FieldType.KEYWORD_LIST) {
                throw new InvalidQueryException("Cannot order read model [" + model.name() + "] by [" + order.field()
                        + "]: fields of type " + type + " are not sortable");
            }
            if (!seen.add(order.field())) {
                throw new InvalidQueryException("Field [" + order.field() + "] appears twice in order by of read model ["
                        + model.name() + "]");
            }
        }
        return new Query(filters, query.orderBy(), query.limit(), query.offset());
    }

    private static Filter checkRange(ReadModel model, FieldType type, Filter.Range range) {
        if (type == FieldType.BOOLEAN || type == FieldType.KEYWORD_LIST || type == FieldType.TEXT) {
            throw new InvalidQueryException("Range filter on [" + range.field() + "] of read model [" + model.name()
                    + "]: fields of type " + type + " have no order");
        }
        return new Filter.Range(range.field(), coerce(model, type, range.field(), range.lower()),
                range.lowerInclusive(), coerce(model, type, range.field(), range.upper()), range.upperInclusive());
    }

    private static FieldType fieldType(ReadModel model, String field, String where) {
        FieldType type = model.typeOf(field);
        if (type == null) {
            throw new InvalidQueryException("Unknown field [" + field + "] in " + where + " of read model ["
                    + model.name() + "]; declared fields: " + model.fields().keySet());
        }
        return type;
    }

    private static Object coerce(ReadModel model, FieldType type, String field, Object value) {
        if (value == null) {
            return null;
        }
        // A filter on a list field matches documents whose list contains the value.
        FieldType target = type == FieldType.KEYWORD_LIST ? FieldType.KEYWORD : type;
        try {
            return target.coerce(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidQueryException("Filter on [" + field + "] of read model [" + model.name() + "]: "
                    + e.getMessage());
        }
    }
}
