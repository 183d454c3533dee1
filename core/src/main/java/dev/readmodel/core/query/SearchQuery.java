package dev.readmodel.core.query;

import dev.readmodel.core.error.InvalidQueryException;
import dev.readmodel.core.internal.Texts;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A full-text search on one read model: words matched in text fields (each with a boost), filters,
 * facet counts, ordering (relevance when empty), a page, and optional highlighting. The text is only
 * ever matched as plain words, never parsed as a query language, so user input cannot change what
 * the search does. Checked by {@link dev.readmodel.core.model.ReadModel#check(SearchQuery)}.
 *
 * @param text the words to look for, as {@link SearchText#words} finds them: runs of letters and digits,
 *     matched case-insensitively; empty matches
 *     every document. Text that is not empty but has no word (only punctuation or symbols, such as
 *     {@code *} or {@code *:*}) is an {@link InvalidQueryException} on every store, as is text longer than
 *     {@link #MAX_TEXT} characters or with the NUL character or an unpaired surrogate.
 * @param fields the text fields to search, with boosts; at least one when there is text
 * @param filters conditions that all must hold
 * @param facets keyword fields whose values are counted over all matches (the {@link #FACET_SIZE} most frequent)
 * @param orderBy ordering terms; empty for relevance: score descending, ties by key ascending, in every store
 * @param limit hits per page, 0 to {@link Query#MAX_LIMIT}
 * @param offset hits to skip, 0 to {@link Query#MAX_OFFSET}
 * @param highlight whether hits carry the matched words of each field, marked with {@code <em>}
 */
public record SearchQuery(String text, List<SearchField> fields, List<Filter> filters, List<String> facets,
        List<SortOrder> orderBy, int limit, int offset, boolean highlight) {
    /** Most values returned per facet. */
    public static final int FACET_SIZE = 20;
    /** Longest search text accepted. */
    public static final int MAX_TEXT = 1_000;

    /**
     * Validates bounds.
     *
     * @throws InvalidQueryException for text that is too long, no fields with text, or a bad page
     */
    public SearchQuery {
        text = text == null ? "" : text.strip();
        if (text.length() > MAX_TEXT) {
            throw new InvalidQueryException("Search text of " + text.length() + " characters is too long: at most " + MAX_TEXT);
        }
        requireWords(text);
        fields = List.copyOf(fields);
        filters = List.copyOf(filters);
        facets = List.copyOf(facets);
        orderBy = List.copyOf(orderBy);
        if (!text.isEmpty() && fields.isEmpty()) {
            throw new InvalidQueryException("A search with text needs at least one field to search in");
        }
        new Query(List.of(), List.of(), limit, offset); // same page bounds as queries
    }

    private static void requireWords(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (c == '\0' || Character.isSurrogate(c) && !paired) {
                throw new InvalidQueryException("Search text [" + Texts.shorten(text) + "] is refused: it holds "
                        + (c == '\0' ? "the NUL character (U+0000)" : "an unpaired surrogate at index " + i));
            }
            i += paired ? 1 : 0;
        }
        if (!text.isEmpty() && SearchText.words(text).isEmpty()) {
            throw new InvalidQueryException("Search text [" + Texts.shorten(text) + "] has no words (runs of"
                    + " letters or digits) to look for; leave the text empty to match every document");
        }
    }

    /** The search for messages: the text and each filter shortened. */
    @Override
    public String toString() {
        return "SearchQuery[text=" + Texts.shorten(text, 120) + ", fields=" + fields + ", filters="
                + filters.stream().map(f -> Texts.shorten(f, 120)).toList() + ", facets=" + facets + ", orderBy="
                + orderBy + ", limit=" + limit + ", offset=" + offset + "]";
    }

    /** Starts a search for {@code text}. */
    public static Builder matching(String text) {
        return new Builder(text);
    }

    /**
     * A text field to search, weighted.
     *
     * @param field a declared TEXT or KEYWORD field
     * @param boost how much a match here counts, above 0 and at most 100
     */
    public record SearchField(String field, double boost) {
        /** Checks the boost. */
        public SearchField {
            Objects.requireNonNull(field, "field");
            if (!(boost > 0 && boost <= 100)) {
                throw new InvalidQueryException("Invalid boost [" + boost + "] for field [" + field + "]: expected above 0, at most 100");
            }
        }
    }

    /** Collects the parts of a search; not thread-safe. */
    public static final class Builder {
        private final String text;
        private final List<SearchField> fields = new ArrayList<>();
        private final List<Filter> filters = new ArrayList<>();
        private final List<String> facets = new ArrayList<>();
        private final List<SortOrder> orderBy = new ArrayList<>();
        private int limit = 10;
        private int offset;
        private boolean highlight;

        private Builder(String text) {
            this.text = text;
        }

        /** Searches {@code field} with weight {@code boost}. */
        public Builder in(String field, double boost) {
            fields.add(new SearchField(field, boost));
            return this;
        }

        /** Adds conditions. */
        public Builder where(Filter... conditions) {
            filters.addAll(List.of(conditions));
            return this;
        }

        /** Counts the values of these keyword fields over all matches. */
        public Builder facets(String... names) {
            facets.addAll(List.of(names));
            return this;
        }

        /** Orders by fields instead of relevance. */
        public Builder orderBy(String... terms) {
            for (String term : terms) {
                orderBy.add(SortOrder.parse(term));
            }
            return this;
        }

        /** Sets the page. */
        public Builder page(int pageLimit, int pageOffset) {
            limit = pageLimit;
            offset = pageOffset;
            return this;
        }

        /** Asks for highlighted fragments. */
        public Builder highlight() {
            highlight = true;
            return this;
        }

        /** Builds the search. */
        public SearchQuery build() {
            return new SearchQuery(text, fields, filters, facets, orderBy, limit, offset, highlight);
        }
    }
}
