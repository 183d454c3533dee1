package dev.readmodel.core.memory;

import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.SearchQuery;
import dev.readmodel.core.query.SearchResult;
import dev.readmodel.core.query.SearchText;
import dev.readmodel.core.query.SortOrder;
import dev.readmodel.core.spi.StoredDocument;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Full-text search over documents on the heap, scored as Elasticsearch scores the same search, so that
 * both give the same order: words as {@link SearchText#words} finds them in TEXT fields, and a KEYWORD
 * field's whole value as its one word, matched by the whole search text (exact, as a keyword); a
 * document matches when any searched field holds any word; a field's score is BM25 (k1 1.2, b 0.75) summed over the words it holds,
 * with document frequencies, document counts and average lengths over the whole read model, times the
 * field's boost; a document's score is its best field's (Elasticsearch's {@code best_fields}). Ties break
 * on the key, ascending.
 */
final class MemorySearch {
    private static final double K1 = 1.2;
    private static final double B = 0.75;

    private MemorySearch() {
    }

    static List<String> words(String text) {
        return SearchText.words(text);
    }

    static SearchResult search(ReadModel model, Collection<StoredDocument> documents, SearchQuery search) {
        String keyField = model.keyField();
        Set<String> terms = new LinkedHashSet<>(words(search.text()));
        List<Document> candidates = MemoryQuery.filter(documents, search.filters());
        Map<String, FieldStats> stats = new HashMap<>();
        if (!terms.isEmpty()) {
            for (SearchQuery.SearchField field : search.fields()) {
                stats.put(field.field(), FieldStats.of(model, field.field(), documents, terms(model, field, search, terms)));
            }
        }
        List<SearchResult.Hit> hits = new ArrayList<>();
        for (Document document : candidates) {
            double score = terms.isEmpty() ? 1.0 : score(model, terms, document, search, stats);
            if (score > 0) {
                hits.add(new SearchResult.Hit(document, score, search.highlight() && !terms.isEmpty()
                        ? highlights(terms, document, search) : Map.of()));
            }
        }
        Comparator<SearchResult.Hit> order = search.orderBy().isEmpty()
                ? Comparator.comparingDouble(SearchResult.Hit::score).reversed()
                : byFields(search.orderBy());
        // score descending, then key ascending (by code point), as Elasticsearch sorts: the same top N everywhere
        hits.sort(order.thenComparing(h -> h.document().string(keyField), MemoryQuery::compareCodePoints));
        Map<String, List<SearchResult.FacetCount>> facets = new LinkedHashMap<>();
        for (String facet : search.facets()) {
            facets.put(facet, facet(facet, hits));
        }
        int from = Math.min(search.offset(), hits.size());
        int to = Math.min(from + search.limit(), hits.size());
        return new SearchResult(hits.size(), hits.subList(from, to), facets);
    }

    /** A field's statistics over the whole read model, as a search index keeps them. */
    private record FieldStats(int documents, double averageLength, Map<String, Integer> frequency) {
        static FieldStats of(ReadModel model, String field, Collection<StoredDocument> all, Set<String> terms) {
            int documents = 0;
            long words = 0;
            Map<String, Integer> frequency = new HashMap<>();
            for (StoredDocument stored : all) {
                Object value = stored.document().get(field);
                List<String> fieldWords = tokens(model, field, value);
                if (fieldWords.isEmpty()) {
                    continue;
                }
                documents++;
                words += fieldWords.size();
                new HashSet<>(fieldWords).stream().filter(terms::contains).forEach(t -> frequency.merge(t, 1, Integer::sum));
            }
            return new FieldStats(documents, documents == 0 ? 1 : (double) words / documents, frequency);
        }
    }

    /** What a field holds as words: a text field's words, a keyword's whole value. */
    private static List<String> tokens(ReadModel model, String field, Object value) {
        if (value == null) {
            return List.of();
        }
        return model.typeOf(field) == FieldType.KEYWORD ? List.of(value.toString()) : words(value.toString());
    }

    /** What a field is searched for: the words of the text, or for a keyword the whole text. */
    private static Set<String> terms(ReadModel model, SearchQuery.SearchField field, SearchQuery search, Set<String> words) {
        return model.typeOf(field.field()) == FieldType.KEYWORD ? Set.of(search.text()) : words;
    }

    private static double score(ReadModel model, Set<String> words, Document document, SearchQuery search,
            Map<String, FieldStats> stats) {
        double best = 0;
        for (SearchQuery.SearchField field : search.fields()) {
            Object value = document.get(field.field());
            if (value == null) {
                continue;
            }
            List<String> fieldWords = tokens(model, field.field(), value);
            FieldStats fieldStats = stats.get(field.field());
            double score = 0;
            for (String term : terms(model, field, search, words)) {
                long tf = fieldWords.stream().filter(term::equals).count();
                if (tf > 0) {
                    int df = fieldStats.frequency().getOrDefault(term, 0);
                    double idf = Math.log(1 + (fieldStats.documents() - df + 0.5) / (df + 0.5));
                    score += idf * tf / (tf + K1 * (1 - B + B * fieldWords.size() / fieldStats.averageLength()));
                }
            }
            best = Math.max(best, field.boost() * score);
        }
        return best;
    }

    private static Map<String, List<String>> highlights(Set<String> terms, Document document, SearchQuery search) {
        Map<String, List<String>> highlights = new LinkedHashMap<>();
        for (SearchQuery.SearchField field : search.fields()) {
            Object value = document.get(field.field());
            String marked = value == null ? null : SearchText.highlight(value.toString(), terms);
            if (marked != null) {
                highlights.put(field.field(), List.of(marked));
            }
        }
        return highlights;
    }

    private static Comparator<SearchResult.Hit> byFields(List<SortOrder> orderBy) {
        Comparator<SearchResult.Hit> comparator = (a, b) -> 0;
        for (SortOrder term : orderBy) {
            Comparator<Object> values = term.descending() ? (x, y) -> MemoryQuery.compare(y, x) : MemoryQuery::compare;
            comparator = comparator.thenComparing(h -> h.document().get(term.field()), Comparator.nullsLast(values));
        }
        return comparator;
    }

    private static List<SearchResult.FacetCount> facet(String field, List<SearchResult.Hit> hits) {
        Map<String, Long> counts = new HashMap<>();
        for (SearchResult.Hit hit : hits) {
            Object value = hit.document().get(field);
            if (value instanceof List<?> list) {
                list.stream().distinct().forEach(v -> counts.merge(v.toString(), 1L, Long::sum));
            } else if (value != null) {
                counts.merge(value.toString(), 1L, Long::sum);
            }
        }
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                        .thenComparing(Map.Entry::getKey, MemoryQuery::compareCodePoints))
                .limit(SearchQuery.FACET_SIZE)
                .map(e -> new SearchResult.FacetCount(e.getKey(), e.getValue()))
                .toList();
    }
}
