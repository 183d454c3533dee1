package dev.readmodel.core.memory;

import dev.readmodel.core.Document;
import dev.readmodel.core.SearchQuery;
import dev.readmodel.core.SearchResult;
import dev.readmodel.core.SortOrder;
import dev.readmodel.core.spi.StoredDocument;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Full-text search over documents on the heap: words are lower-cased runs of letters and digits; a
 * document matches when any searched field contains any word; relevance is BM25-like term weighting
 * times the field's boost. Good enough for examples and tests; use Elasticsearch for real catalogues.
 */
final class MemorySearch {
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    private MemorySearch() {
    }

    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String word : NOT_WORD.split(text.toLowerCase(Locale.ROOT))) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    static SearchResult search(String keyField, Collection<StoredDocument> documents, SearchQuery search) {
        Set<String> terms = new LinkedHashSet<>(words(search.text()));
        List<Document> candidates = MemoryQuery.filter(documents, search.filters());
        Map<String, Integer> documentFrequency = new HashMap<>();
        Map<Document, Map<String, List<String>>> tokens = new HashMap<>();
        for (Document document : candidates) {
            Map<String, List<String>> byField = new LinkedHashMap<>();
            Set<String> seen = new java.util.HashSet<>();
            for (SearchQuery.SearchField field : search.fields()) {
                List<String> fieldWords = words(String.valueOf(document.get(field.field()) == null ? "" : document.get(field.field())));
                byField.put(field.field(), fieldWords);
                for (String word : fieldWords) {
                    if (terms.contains(word) && seen.add(word)) {
                        documentFrequency.merge(word, 1, Integer::sum);
                    }
                }
            }
            tokens.put(document, byField);
        }
        List<SearchResult.Hit> hits = new ArrayList<>();
        for (Document document : candidates) {
            double score = terms.isEmpty() ? 1.0 : score(terms, tokens.get(document), search, documentFrequency,
                    candidates.size());
            if (score > 0) {
                hits.add(new SearchResult.Hit(document, score, search.highlight()
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

    private static double score(Set<String> terms, Map<String, List<String>> byField, SearchQuery search,
            Map<String, Integer> documentFrequency, int documents) {
        double score = 0;
        for (SearchQuery.SearchField field : search.fields()) {
            List<String> fieldWords = byField.get(field.field());
            for (String term : terms) {
                long tf = fieldWords.stream().filter(term::equals).count();
                if (tf > 0) {
                    int df = documentFrequency.getOrDefault(term, 0);
                    double idf = Math.log(1 + (documents - df + 0.5) / (df + 0.5));
                    score += field.boost() * idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * fieldWords.size() / 8.0));
                }
            }
        }
        return score;
    }

    private static Map<String, List<String>> highlights(Set<String> terms, Document document, SearchQuery search) {
        Map<String, List<String>> highlights = new LinkedHashMap<>();
        for (SearchQuery.SearchField field : search.fields()) {
            Object value = document.get(field.field());
            if (value == null) {
                continue;
            }
            String text = value.toString();
            StringBuilder marked = new StringBuilder();
            boolean any = false;
            var matcher = Pattern.compile("[\\p{L}\\p{N}]+").matcher(text);
            int last = 0;
            while (matcher.find()) {
                marked.append(text, last, matcher.start());
                String word = matcher.group();
                if (terms.contains(word.toLowerCase(Locale.ROOT))) {
                    marked.append("<em>").append(word).append("</em>");
                    any = true;
                } else {
                    marked.append(word);
                }
                last = matcher.end();
            }
            marked.append(text.substring(last));
            if (any) {
                highlights.put(field.field(), List.of(marked.toString()));
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
