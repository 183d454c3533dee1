package dev.readmodel.core.query;

import dev.readmodel.core.model.Document;
import java.util.List;
import java.util.Map;

/**
 * What a search found.
 *
 * @param total how many documents matched, all pages together
 * @param hits the requested page, best first (or in the requested order)
 * @param facets for each facet field, its values with their counts, most frequent first (ties by value)
 */
public record SearchResult(long total, List<Hit> hits, Map<String, List<FacetCount>> facets) {
    /** Copies the lists and map. */
    public SearchResult {
        hits = List.copyOf(hits);
        facets = Map.copyOf(facets);
    }

    /**
     * One matching document.
     *
     * @param document the document
     * @param score its relevance (store-specific scale; higher is better)
     * @param highlights for each searched field that matched, fragments with the matched words in {@code <em>}
     */
    public record Hit(Document document, double score, Map<String, List<String>> highlights) {
        /** Copies the highlights. */
        public Hit {
            highlights = Map.copyOf(highlights);
        }
    }

    /**
     * One value of a facet field and how many matches have it.
     *
     * @param value the value
     * @param count how many matching documents have it
     */
    public record FacetCount(String value, long count) {
    }
}
