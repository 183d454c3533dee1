package dev.readmodel.elastic.internal;

import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Aggregation;
import dev.readmodel.core.query.Metric;
import dev.readmodel.core.query.SearchQuery;
import dev.readmodel.core.query.SearchResult;
import dev.readmodel.core.query.SearchText;
import dev.readmodel.core.query.SortOrder;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeBucket;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Search responses as documents, search results and aggregation groups. */
public final class ElasticResults {
    /** Decimal places sums of decimals are rounded to: Elasticsearch sums in doubles. */
    static final int SUM_SCALE = 6;

    private ElasticResults() {
    }

    public static List<Document> documents(ReadModel model, SearchResponse<ObjectNode> response) {
        List<Document> documents = new ArrayList<>();
        for (Hit<ObjectNode> hit : response.hits().hits()) {
            documents.add(ElasticJson.document(model, hit.source()));
        }
        return documents;
    }

    public static SearchResult search(ReadModel model, SearchQuery search, SearchResponse<ObjectNode> response) {
        List<SearchResult.Hit> hits = new ArrayList<>();
        Set<String> words = new HashSet<>(SearchText.words(search.text()));
        for (Hit<ObjectNode> hit : response.hits().hits()) {
            Document document = ElasticJson.document(model, hit.source());
            hits.add(new SearchResult.Hit(document, hit.score() == null ? 0 : hit.score(), search.highlight()
                    ? highlights(search, document, words) : Map.of()));
        }
        Map<String, List<SearchResult.FacetCount>> facets = new LinkedHashMap<>();
        for (String facet : search.facets()) {
            Aggregate aggregate = response.aggregations().get(facet);
            List<SearchResult.FacetCount> counts = new ArrayList<>();
            if (aggregate.isSterms()) {
                aggregate.sterms().buckets().array().forEach(b -> counts.add(new SearchResult.FacetCount(b.key().stringValue(),
                        b.docCount())));
            } else if (aggregate.isLterms()) {
                aggregate.lterms().buckets().array().forEach(b -> counts.add(new SearchResult.FacetCount(
                        b.keyAsString() != null ? b.keyAsString() : Long.toString(b.key()), b.docCount())));
            }
            facets.put(facet, counts);
        }
        long total = response.hits().total() == null ? hits.size() : response.hits().total().value();
        return new SearchResult(total, hits, facets);
    }

    /** Each searched field that holds a word of the search, with the words marked, as the memory store marks them. */
    private static Map<String, List<String>> highlights(SearchQuery search, Document document, Set<String> words) {
        Map<String, List<String>> highlights = new LinkedHashMap<>();
        for (SearchQuery.SearchField field : search.fields()) {
            Object value = document.get(field.field());
            String marked = value == null || words.isEmpty() ? null : SearchText.highlight(value.toString(), words);
            if (marked != null) {
                highlights.put(field.field(), List.of(marked));
            }
        }
        return highlights;
    }

    /**
     * Runs the composite aggregation page by page ({@code page} takes the previous page's after-key),
     * then orders and limits the groups as asked.
     */
    public static List<Document> aggregate(ReadModel model, Aggregation aggregation,
            Function<ObjectNode, SearchResponse<ObjectNode>> page) {
        List<Document> groups = new ArrayList<>();
        if (aggregation.groupBy().isEmpty()) {
            SearchResponse<ObjectNode> response = page.apply(null);
            long count = response.hits().total() == null ? 0 : response.hits().total().value();
            groups.add(group(model, aggregation, Map.of(), count, response.aggregations()));
            return groups;
        }
        ObjectNode after = null;
        while (true) {
            Aggregate composite = page.apply(after).aggregations().get("groups");
            List<CompositeBucket> buckets = composite.composite().buckets().array();
            for (CompositeBucket bucket : buckets) {
                groups.add(group(model, aggregation, bucket.key(), bucket.docCount(), bucket.aggregations()));
            }
            Map<String, FieldValue> afterKey = composite.composite().afterKey();
            if (buckets.isEmpty() || afterKey == null || afterKey.isEmpty()) {
                break;
            }
            after = ElasticJson.NODES.objectNode();
            for (Map.Entry<String, FieldValue> key : afterKey.entrySet()) {
                after.set(key.getKey(), json(key.getValue()));
            }
        }
        groups.sort(order(aggregation));
        return List.copyOf(groups.subList(0, Math.min(aggregation.limit(), groups.size())));
    }

    private static Document group(ReadModel model, Aggregation aggregation, Map<String, FieldValue> key, long count,
            Map<String, Aggregate> metrics) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String field : aggregation.groupBy()) {
            FieldValue value = key.get(field);
            if (value != null && !value.isNull()) {
                fields.put(field, groupValue(model.typeOf(field), value));
            }
        }
        for (Metric metric : aggregation.metrics()) {
            if (metric instanceof Metric.Sum sum) {
                if (metrics.get(metric.alias() + "__n").valueCount().value() > 0) {
                    double total = metrics.get(metric.alias()).sum().value();
                    FieldType type = model.typeOf(sum.field());
                    fields.put(metric.alias(), type == FieldType.LONG ? (Object) Math.round(total)
                            : type == FieldType.DECIMAL ? BigDecimal.valueOf(total).setScale(SUM_SCALE, RoundingMode.HALF_UP)
                                    .stripTrailingZeros() : (Object) total);
                }
            } else {
                fields.put(metric.alias(), count);
            }
        }
        return Document.of(fields);
    }

    private static Object groupValue(FieldType type, FieldValue value) {
        return switch (type) {
            case DATE -> Instant.ofEpochMilli(value.longValue()).atOffset(ZoneOffset.UTC).toLocalDate();
            case TIMESTAMP -> Instant.ofEpochMilli(value.longValue());
            case BOOLEAN -> value.isBoolean() ? value.booleanValue() : value.isLong() ? value.longValue() != 0
                    : Boolean.parseBoolean(value.stringValue());
            case LONG -> value.longValue();
            // decimals are indexed as doubles, so their groups are the doubles' values
            case DECIMAL -> value.isString() ? new BigDecimal(value.stringValue()) : BigDecimal.valueOf(value.doubleValue());
            case DOUBLE -> value.doubleValue();
            default -> value.isString() ? value.stringValue() : String.valueOf(value._get());
        };
    }

    private static com.fasterxml.jackson.databind.JsonNode json(FieldValue value) {
        if (value.isNull()) {
            return ElasticJson.NODES.nullNode();
        }
        if (value.isLong()) {
            return ElasticJson.NODES.numberNode(value.longValue());
        }
        if (value.isDouble()) {
            return ElasticJson.NODES.numberNode(value.doubleValue());
        }
        if (value.isBoolean()) {
            return ElasticJson.NODES.booleanNode(value.booleanValue());
        }
        return ElasticJson.NODES.textNode(value.stringValue());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Comparator<Document> order(Aggregation aggregation) {
        List<SortOrder> terms = new ArrayList<>(aggregation.orderBy());
        aggregation.groupBy().forEach(f -> terms.add(new SortOrder(f, false)));
        Comparator<Document> comparator = (a, b) -> 0;
        for (SortOrder term : terms) {
            Comparator<Object> values = term.descending() ? (x, y) -> compare(y, x) : ElasticResults::compare;
            comparator = comparator.thenComparing(d -> d.get(term.field()), Comparator.nullsLast(values));
        }
        return comparator;
    }

    /** Values of one type in order; strings by code point, the order of their UTF-8 bytes, as in memory. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object x, Object y) {
        if (x instanceof String a && y instanceof String b) {
            int common = Math.min(a.length(), b.length());
            for (int i = 0; i < common; i++) {
                if (a.charAt(i) != b.charAt(i)) {
                    return Integer.compare(a.codePointAt(i), b.codePointAt(i));
                }
            }
            return a.length() - b.length();
        }
        return ((Comparable) x).compareTo(y);
    }
}
