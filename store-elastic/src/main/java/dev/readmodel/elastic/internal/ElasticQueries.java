package dev.readmodel.elastic.internal;

import dev.readmodel.core.error.InvalidQueryException;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Aggregation;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Metric;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.query.SearchQuery;
import dev.readmodel.core.query.SearchText;
import dev.readmodel.core.query.SortOrder;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Checked queries, aggregations and searches as Elasticsearch request bodies, built as JSON trees:
 * user values only ever become JSON values of term, terms, range and multi_match queries, never query
 * strings with operators, and field names come only from the read model's declaration.
 */
public final class ElasticQueries {
    private static final ObjectNode MATCH_ALL = ElasticJson.NODES.objectNode().set("match_all", ElasticJson.NODES.objectNode());

    private ElasticQueries() {
    }

    public static ObjectNode query(ReadModel model, Query query) {
        requireWindow(query.offset(), query.limit());
        ObjectNode body = ElasticJson.NODES.objectNode();
        body.set("query", filtered(model, query.filters(), null));
        body.set("sort", sort(model, query.orderBy(), false));
        body.put("from", query.offset()).put("size", query.limit()).put("track_total_hits", false);
        return body;
    }

    public static ObjectNode search(ReadModel model, SearchQuery search) {
        requireWindow(search.offset(), search.limit());
        ObjectNode body = ElasticJson.NODES.objectNode();
        ObjectNode match = null;
        if (!search.text().isEmpty()) {
            // multi_match best_fields spelled out: the best field's score, each field weighted. Text fields
            // are matched on their words fields by the words, each once, keywords by the whole text
            match = ElasticJson.NODES.objectNode();
            ObjectNode disMax = match.putObject("dis_max");
            disMax.put("tie_breaker", 0.0);
            ArrayNode queries = disMax.putArray("queries");
            String words = String.join(" ", new LinkedHashSet<>(SearchText.words(search.text())));
            for (SearchQuery.SearchField field : search.fields()) {
                if (model.typeOf(field.field()) == FieldType.TEXT) {
                    queries.addObject().putObject("match").putObject(ElasticJson.wordsField(field.field()))
                            .put("query", words).put("operator", "or").put("boost", field.boost());
                } else {
                    queries.addObject().putObject("term").putObject(field.field()).put("value", search.text())
                            .put("boost", field.boost());
                }
            }
        }
        body.set("query", filtered(model, search.filters(), match));
        body.set("sort", sort(model, search.orderBy(), true));
        body.put("from", search.offset()).put("size", search.limit()).put("track_total_hits", true);
        if (!search.facets().isEmpty()) {
            ObjectNode aggs = body.putObject("aggs");
            for (String facet : search.facets()) {
                ObjectNode terms = aggs.putObject(facet).putObject("terms");
                terms.put("field", facet).put("size", SearchQuery.FACET_SIZE);
                ArrayNode order = terms.putArray("order");
                order.addObject().put("_count", "desc");
                order.addObject().put("_key", "asc");
            }
        }
        // highlights are marked by ElasticResults from the documents, word for word as in memory
        return body;
    }

    /**
     * One page of the keys that match the checked {@code filters}, in key order after {@code after}
     * ({@code null} for the first page), without sources: the id look-up of a set-based write.
     */
    public static ObjectNode ids(ReadModel model, List<Filter> filters, int size, String after) {
        ObjectNode body = ElasticJson.NODES.objectNode();
        body.set("query", filtered(model, filters, null));
        body.putArray("sort").addObject().putObject(model.keyField()).put("order", "asc");
        body.put("size", size).put("_source", false).put("track_total_hits", false);
        if (after != null) {
            body.putArray("search_after").add(after);
        }
        return body;
    }

    /** A composite aggregation over the group fields (all of them, paged by the caller) with its metrics. */
    public static ObjectNode aggregate(ReadModel model, Aggregation aggregation, ObjectNode after) {
        ObjectNode body = ElasticJson.NODES.objectNode();
        body.set("query", filtered(model, aggregation.filters(), null));
        body.put("size", 0).put("track_total_hits", true);
        ObjectNode metrics = ElasticJson.NODES.objectNode();
        for (Metric metric : aggregation.metrics()) {
            if (metric instanceof Metric.Sum sum) {
                metrics.putObject(metric.alias()).putObject("sum").put("field", sum.field());
                metrics.putObject(metric.alias() + "__n").putObject("value_count").put("field", sum.field());
            }
        }
        if (aggregation.groupBy().isEmpty()) {
            body.set("aggs", metrics);
            return body;
        }
        ObjectNode composite = body.putObject("aggs").putObject("groups");
        ObjectNode spec = composite.putObject("composite");
        spec.put("size", 1_000);
        ArrayNode sources = spec.putArray("sources");
        for (String field : aggregation.groupBy()) {
            sources.addObject().putObject(field).putObject("terms").put("field", field).put("missing_bucket", true);
        }
        if (after != null) {
            spec.set("after", after);
        }
        composite.set("aggs", metrics);
        return body;
    }

    private static ObjectNode filtered(ReadModel model, List<Filter> filters, ObjectNode must) {
        ObjectNode bool = ElasticJson.NODES.objectNode();
        ObjectNode inner = bool.putObject("bool");
        inner.putArray("must").add(must == null ? MATCH_ALL.deepCopy() : must);
        ArrayNode clauses = inner.putArray("filter");
        for (Filter filter : filters) {
            clauses.add(clause(model, filter));
        }
        return bool;
    }

    private static ObjectNode clause(ReadModel model, Filter filter) {
        FieldType type = model.typeOf(filter.field());
        String field = ElasticJson.exactField(model, filter.field());
        ObjectNode clause = ElasticJson.NODES.objectNode();
        if (filter instanceof Filter.Equals eq) {
            if (eq.value() == null) {
                clause.putObject("bool").putObject("must_not").putObject("exists").put("field", filter.field());
            } else {
                clause.putObject("term").set(field, ElasticJson.filterValue(type, eq.value()));
            }
        } else if (filter instanceof Filter.In in) {
            ArrayNode values = clause.putObject("terms").putArray(field);
            in.values().forEach(v -> values.add(ElasticJson.filterValue(type, v)));
        } else {
            Filter.Range range = (Filter.Range) filter;
            ObjectNode bounds = clause.putObject("range").putObject(field);
            if (range.lower() != null) {
                bounds.set(range.lowerInclusive() ? "gte" : "gt", ElasticJson.filterValue(type, range.lower()));
            }
            if (range.upper() != null) {
                bounds.set(range.upperInclusive() ? "lte" : "lt", ElasticJson.filterValue(type, range.upper()));
            }
        }
        return clause;
    }

    /** The order asked for, or relevance (score descending) for a search without one; then the key ascending. */
    private static ArrayNode sort(ReadModel model, List<SortOrder> orderBy, boolean relevanceFirst) {
        ArrayNode sort = ElasticJson.NODES.arrayNode();
        if (relevanceFirst && orderBy.isEmpty()) {
            sort.addObject().putObject("_score").put("order", "desc");
        }
        for (SortOrder order : orderBy) {
            sort.addObject().putObject(ElasticJson.exactField(model, order.field()))
                    .put("order", order.descending() ? "desc" : "asc").put("missing", "_last");
        }
        sort.addObject().putObject(model.keyField()).put("order", "asc");
        return sort;
    }

    private static void requireWindow(int offset, int limit) {
        if ((long) offset + limit > ElasticJson.MAX_WINDOW) {
            throw new InvalidQueryException("Offset [" + offset + "] plus limit [" + limit + "] reaches past "
                    + ElasticJson.MAX_WINDOW + " documents, the deepest page Elasticsearch serves here: filter instead");
        }
    }
}
