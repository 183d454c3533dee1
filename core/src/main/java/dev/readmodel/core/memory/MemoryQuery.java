package dev.readmodel.core.memory;

import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Aggregation;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Filters;
import dev.readmodel.core.query.Metric;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.query.SortOrder;
import dev.readmodel.core.spi.StoredDocument;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Evaluates the query contract over documents on the heap: the reference semantics stores match. */
final class MemoryQuery {
    private MemoryQuery() {
    }

    static List<Document> filter(Collection<StoredDocument> documents, List<Filter> filters) {
        List<Document> matching = new ArrayList<>();
        for (StoredDocument stored : documents) {
            if (matches(stored.document(), filters)) {
                matching.add(stored.document());
            }
        }
        return matching;
    }

    static List<Document> run(ReadModel model, Collection<StoredDocument> documents, Query query) {
        List<Document> matching = filter(documents, query.filters());
        matching.sort(comparator(model, query.orderBy()));
        int from = Math.min(query.offset(), matching.size());
        int to = Math.min(from + query.limit(), matching.size());
        return List.copyOf(matching.subList(from, to));
    }

    static List<Document> aggregate(Collection<StoredDocument> documents, Aggregation aggregation) {
        Map<List<Object>, Object[]> groups = new LinkedHashMap<>();
        List<Metric> metrics = aggregation.metrics();
        for (StoredDocument stored : documents) {
            Document document = stored.document();
            if (!matches(document, aggregation.filters())) {
                continue;
            }
            List<Object> key = new ArrayList<>(aggregation.groupBy().size());
            for (String field : aggregation.groupBy()) {
                key.add(document.get(field));
            }
            Object[] totals = groups.computeIfAbsent(key, k -> new Object[metrics.size()]);
            for (int i = 0; i < metrics.size(); i++) {
                totals[i] = accumulate(totals[i], metrics.get(i), document);
            }
        }
        List<Document> results = new ArrayList<>(groups.size());
        for (Map.Entry<List<Object>, Object[]> group : groups.entrySet()) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (int i = 0; i < aggregation.groupBy().size(); i++) {
                if (group.getKey().get(i) != null) {
                    fields.put(aggregation.groupBy().get(i), group.getKey().get(i));
                }
            }
            for (int i = 0; i < metrics.size(); i++) {
                Object total = group.getValue()[i];
                if (total != null) { // a sum over no values is absent, as SQL's NULL
                    fields.put(metrics.get(i).alias(), total);
                }
            }
            results.add(Document.of(fields));
        }
        List<SortOrder> order = new ArrayList<>(aggregation.orderBy());
        aggregation.groupBy().stream().map(f -> new SortOrder(f, false)).forEach(order::add);
        Comparator<Document> comparator = (a, b) -> 0;
        for (SortOrder term : order) {
            Comparator<Object> values = term.descending() ? (x, y) -> compare(y, x) : MemoryQuery::compare;
            comparator = comparator.thenComparing(d -> d.get(term.field()), Comparator.nullsLast(values));
        }
        results.sort(comparator);
        return List.copyOf(results.subList(0, Math.min(aggregation.limit(), results.size())));
    }

    private static Object accumulate(Object total, Metric metric, Document document) {
        if (metric instanceof Metric.Count) {
            return total == null ? 1L : (Long) total + 1;
        }
        Object value = document.get(((Metric.Sum) metric).field());
        if (value == null) {
            return total;
        }
        if (total == null) {
            return value;
        }
        if (value instanceof BigDecimal decimal) {
            return ((BigDecimal) total).add(decimal);
        }
        if (value instanceof Long number) {
            return (Long) total + number;
        }
        return (Double) total + (Double) value;
    }

    private static boolean matches(Document document, List<Filter> filters) {
        return Filters.matches(filters, document);
    }

    /** Values of one type in their order; strings by code point, as every store orders them (UTF-8 bytes). */
    static int compare(Object a, Object b) {
        return Filters.compare(a, b);
    }

    /** Code point order, which is the order of UTF-8 bytes (see {@link Filters#compare}). */
    static int compareCodePoints(String a, String b) {
        return Filters.compare(a, b);
    }

    /** Nulls sort last in both directions; ties break on the key field, ascending. */
    private static Comparator<Document> comparator(ReadModel model, List<SortOrder> orderBy) {
        Comparator<Document> comparator = (a, b) -> 0;
        for (SortOrder order : orderBy) {
            Comparator<Object> values = order.descending() ? (x, y) -> compare(y, x) : MemoryQuery::compare;
            comparator = comparator.thenComparing(d -> d.get(order.field()), Comparator.nullsLast(values));
        }
        return comparator.thenComparing(d -> d.string(model.keyField()), MemoryQuery::compareCodePoints);
    }
}
