package dev.readmodel.core.spi;

import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.SearchQuery;
import dev.readmodel.core.query.SearchResult;

/** A read-model store with full-text search (the in-memory store, Elasticsearch). */
public interface SearchableStore extends ReadModelStore {
    /**
     * Runs a search that {@link ReadModel#check(SearchQuery)} accepted.
     *
     * @throws dev.readmodel.core.error.InvalidQueryException when the search does not fit the model
     */
    SearchResult search(ReadModel model, SearchQuery search);
}
