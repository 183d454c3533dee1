package dev.readmodel.server.internal;

import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Aggregation;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.query.SearchQuery;
import dev.readmodel.server.QueryServerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The query contract as query parameters. Filters use the text form of {@link Filter#parse}: a parameter
 * {@code status=paid} or {@code total_amount:gte=100} is a filter (operators eq, in, gt, gte, lt, lte), and so
 * is every {@code where=field:op=value} (for a field named like a reserved parameter). Reserved:
 * {@code order=-total,customer}, {@code limit}, {@code offset}, {@code total}, {@code include},
 * {@code minPosition}, {@code maxWait} (see {@link MinPosition}), and per
 * endpoint {@code group}, {@code count}, {@code sum} (aggregations) and {@code q}, {@code in}, {@code facet},
 * {@code highlight} (search).
 */
public final class Params {
    static final Set<String> QUERY = Set.of("where", "order", "limit", "offset", "total");
    static final Set<String> AGGREGATE = Set.of("where", "order", "limit", "group", "count", "sum");
    static final Set<String> SEARCH = Set.of("where", "order", "limit", "offset", "q", "in", "facet", "highlight");

    private final Map<String, List<String>> params;
    private final QueryServerConfig config;

    /** Parameters of one request. */
    public Params(Map<String, List<String>> params, QueryServerConfig config) {
        this.params = params;
        this.config = config;
    }

    /** The query these parameters describe. */
    public Query query() {
        Query.Builder query = Query.builder().limit(limit(Query.DEFAULT_LIMIT)).offset(offset());
        query.orderBy(list("order").toArray(new String[0]));
        filters(QUERY).forEach(query::where);
        return query.build();
    }

    /** The aggregation these parameters describe. */
    public Aggregation aggregation() {
        Aggregation.Builder aggregation = Aggregation.builder().limit(Math.max(1, limit(Query.DEFAULT_LIMIT)));
        aggregation.groupBy(list("group").toArray(new String[0]));
        for (String alias : all("count")) {
            aggregation.count(alias);
        }
        for (String sum : all("sum")) {
            int colon = sum.indexOf(':');
            aggregation.sum(colon < 0 ? sum : sum.substring(0, colon), colon < 0 ? sum : sum.substring(colon + 1));
        }
        aggregation.orderBy(list("order").toArray(new String[0]));
        filters(AGGREGATE).forEach(aggregation::where);
        return aggregation.build();
    }

    /** The search these parameters describe; without {@code in}, every TEXT field of {@code model} is searched. */
    public SearchQuery search(ReadModel model) {
        String text = one("q");
        SearchQuery.Builder search = SearchQuery.matching(text == null ? "" : text)
                .page(limit(10), offset());
        List<String> in = list("in");
        if (in.isEmpty()) {
            model.fields().forEach((field, type) -> {
                if (type == FieldType.TEXT) {
                    search.in(field, 1.0);
                }
            });
        }
        for (String field : in) {
            int colon = field.indexOf(':');
            search.in(colon < 0 ? field : field.substring(0, colon), colon < 0 ? 1.0 : number(field.substring(colon + 1), "in"));
        }
        search.facets(list("facet").toArray(new String[0]));
        search.orderBy(list("order").toArray(new String[0]));
        String highlight = one("highlight");
        if (highlight != null) {
            if (!highlight.equals("true") && !highlight.equals("false")) {
                throw ApiProblem.badParameter("Invalid highlight [" + Text.shorten(highlight) + "]: expected true or false");
            }
            if (highlight.equals("true")) {
                search.highlight();
            }
        }
        filters(SEARCH).forEach(search::where);
        return search.build();
    }

    /** Whether {@code total=true} was asked. */
    public boolean wantsTotal() {
        String total = one("total");
        if (total == null || total.equals("false")) {
            return false;
        }
        if (total.equals("true")) {
            return true;
        }
        throw ApiProblem.badParameter("Invalid total [" + Text.shorten(total) + "]: expected true or false");
    }

    /** The filters: {@code where} values and every parameter not in {@code reserved}. */
    List<Filter> filters(Set<String> reserved) {
        List<Filter> filters = new ArrayList<>();
        for (String where : all("where")) {
            filters.add(Filter.parse(where));
        }
        params.forEach((name, values) -> {
            if (reserved.contains(name) || name.equals("include") || MinPosition.PARAMETERS.contains(name)) {
                return;
            }
            if (name.isEmpty() || name.indexOf('=') >= 0) {
                throw ApiProblem.badParameter("Invalid parameter name [" + Text.shorten(name)
                        + "]: expected a field name, optionally with :eq, :in, :gt, :gte, :lt or :lte");
            }
            for (String value : values) {
                filters.add(Filter.parse(name + "=" + value));
            }
        });
        return filters;
    }

    /** {@code limit}, from 0 to the configured maximum. */
    public int limit(int fallback) {
        String limit = one("limit");
        if (limit == null) {
            return Math.min(fallback, config.maxLimit());
        }
        int value = integer(limit, "limit");
        if (value < 0 || value > config.maxLimit()) {
            throw ApiProblem.badParameter("Invalid limit [" + limit + "]: expected 0 to " + config.maxLimit());
        }
        return value;
    }

    /** {@code offset}, from 0 to the configured maximum. */
    public int offset() {
        String offset = one("offset");
        if (offset == null) {
            return 0;
        }
        int value = integer(offset, "offset");
        if (value < 0 || value > config.maxOffset()) {
            throw ApiProblem.badParameter("Invalid offset [" + offset + "]: expected 0 to " + config.maxOffset());
        }
        return value;
    }

    /** A positive whole-number parameter, or {@code fallback}. */
    public long positive(String name, long fallback) {
        String text = one(name);
        if (text == null) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiProblem.badParameter("Invalid " + name + " [" + Text.shorten(text) + "]: expected a whole number");
        }
        if (value < 1) {
            throw ApiProblem.badParameter("Invalid " + name + " [" + value + "]: expected 1 or more");
        }
        return value;
    }

    /** The one value of {@code name}, or {@code null}; given twice is a mistake. */
    public String one(String name) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw ApiProblem.badParameter("Parameter [" + name + "] is given " + values.size() + " times: give it once");
        }
        return values.get(0);
    }

    private List<String> all(String name) {
        return params.getOrDefault(name, List.of());
    }

    /** Comma-separated values of every occurrence of {@code name}, empty ones left out. */
    private List<String> list(String name) {
        List<String> out = new ArrayList<>();
        for (String value : all(name)) {
            for (String part : value.split(",", -1)) {
                if (!part.isEmpty()) {
                    out.add(part);
                }
            }
        }
        return out;
    }

    private static int integer(String text, String name) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw ApiProblem.badParameter("Invalid " + name + " [" + Text.shorten(text) + "]: expected a whole number");
        }
    }

    private static double number(String text, String name) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw ApiProblem.badParameter("Invalid boost in " + name + " [" + Text.shorten(text) + "]: expected a number");
        }
    }
}
