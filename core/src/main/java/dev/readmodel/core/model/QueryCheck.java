package dev.readmodel.core.model;

import dev.readmodel.core.error.InvalidQueryException;
import dev.readmodel.core.query.Aggregation;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Metric;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.query.SearchQuery;
import dev.readmodel.core.query.SortOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a query against a read model's declared fields, converts filter values to field types, and holds
 * every value to the bounds of {@link Query} ({@link QueryValues}), so that no store sees a value it
 * cannot represent.
 */
final class QueryCheck {
    private QueryCheck() {
    }

    static Query check(ReadModel model, Query query) {
        List<Filter> filters = new ArrayList<>(query.filters().size());
        QueryValues values = new QueryValues(model);
        for (Filter filter : query.filters()) {
            FieldType type = fieldType(model, filter.field(), "filter");
            if (filter instanceof Filter.Equals eq) {
                filters.add(new Filter.Equals(eq.field(), coerce(model, values, type, eq.field(), eq.value(), false)));
            } else if (filter instanceof Filter.In in) {
                List<Object> checked = new ArrayList<>(in.values().size());
                for (Object value : in.values()) {
                    checked.add(coerce(model, values, type, in.field(), value, false));
                }
                filters.add(new Filter.In(in.field(), checked));
            } else {
                filters.add(checkRange(model, values, type, (Filter.Range) filter));
            }
        }
        Set<String> seen = new HashSet<>();
        for (SortOrder order : query.orderBy()) {
            FieldType type = fieldType(model, order.field(), "order by");
            if (type == FieldType.TEXT || type.isList()) {
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

    static Aggregation check(ReadModel model, Aggregation aggregation) {
        Query filtered = check(model, new Query(aggregation.filters(), List.of(), 0, 0));
        Set<String> names = new HashSet<>();
        for (String field : aggregation.groupBy()) {
            FieldType type = fieldType(model, field, "group by");
            if (type == FieldType.TEXT || type.isList() || type == FieldType.DOUBLE) {
                throw new InvalidQueryException("Cannot group read model [" + model.name() + "] by [" + field
                        + "]: fields of type " + type + " cannot be grouped");
            }
            if (!names.add(field)) {
                throw new InvalidQueryException("Field [" + field + "] appears twice in group by of read model ["
                        + model.name() + "]");
            }
        }
        for (Metric metric : aggregation.metrics()) {
            if (metric instanceof Metric.Sum sum) {
                FieldType type = fieldType(model, sum.field(), "sum");
                if (type != FieldType.LONG && type != FieldType.DOUBLE && type != FieldType.DECIMAL) {
                    throw new InvalidQueryException("Cannot sum [" + sum.field() + "] of read model [" + model.name()
                            + "]: it is " + type + ", not a number");
                }
            }
            if (!names.add(metric.alias())) {
                throw new InvalidQueryException("Name [" + metric.alias() + "] is used twice in the aggregation of read model ["
                        + model.name() + "]");
            }
        }
        for (SortOrder order : aggregation.orderBy()) {
            if (!names.contains(order.field())) {
                throw new InvalidQueryException("Cannot order the aggregation of read model [" + model.name() + "] by ["
                        + order.field() + "]: order by a group field or a metric alias of " + names);
            }
        }
        return new Aggregation(filtered.filters(), aggregation.groupBy(), aggregation.metrics(), aggregation.orderBy(),
                aggregation.limit());
    }

    static SearchQuery check(ReadModel model, SearchQuery search) {
        Query checked = check(model, new Query(search.filters(), search.orderBy(), search.limit(), search.offset()));
        for (SearchQuery.SearchField field : search.fields()) {
            FieldType type = fieldType(model, field.field(), "search fields");
            if (type != FieldType.TEXT && type != FieldType.KEYWORD) {
                throw new InvalidQueryException("Cannot search [" + field.field() + "] of read model [" + model.name()
                        + "]: it is " + type + "; search TEXT or KEYWORD fields");
            }
        }
        for (String facet : search.facets()) {
            FieldType type = fieldType(model, facet, "facets");
            if (type != FieldType.KEYWORD && type != FieldType.KEYWORD_LIST && type != FieldType.BOOLEAN) {
                throw new InvalidQueryException("Cannot count facet [" + facet + "] of read model [" + model.name()
                        + "]: it is " + type + "; facets are KEYWORD, KEYWORD_LIST or BOOLEAN fields");
            }
        }
        return new SearchQuery(search.text(), search.fields(), checked.filters(), search.facets(), checked.orderBy(),
                search.limit(), search.offset(), search.highlight());
    }

    private static Filter checkRange(ReadModel model, QueryValues values, FieldType type, Filter.Range range) {
        if (type == FieldType.BOOLEAN || type.isList() || type == FieldType.TEXT) {
            throw new InvalidQueryException("Range filter on [" + range.field() + "] of read model [" + model.name()
                    + "]: fields of type " + type + " have no order");
        }
        return new Filter.Range(range.field(), coerce(model, values, type, range.field(), range.lower(), true),
                range.lowerInclusive(), coerce(model, values, type, range.field(), range.upper(), true),
                range.upperInclusive());
    }

    private static FieldType fieldType(ReadModel model, String field, String where) {
        FieldType type = model.typeOf(field);
        if (type == null) {
            throw new InvalidQueryException("Unknown field [" + field + "] in " + where + " of read model ["
                    + model.name() + "]; declared fields: " + model.fields().keySet());
        }
        return type;
    }

    private static Object coerce(ReadModel model, QueryValues values, FieldType type, String field, Object value,
            boolean bound) {
        if (value == null) {
            return null;
        }
        // A filter on a list field matches documents whose list contains the value.
        FieldType target = type.elementType();
        Object coerced;
        try {
            coerced = target.coerce(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidQueryException("Filter on [" + field + "] of read model [" + model.name() + "]: "
                    + e.getMessage());
        }
        return values.check(field, target, coerced, bound);
    }
}
