package dev.readmodel.elastic.internal;

import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Filter;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * The id look-up of a set-based write on one index (an alias or a shadow's physical index): a refresh
 * first, because a catch-up batch's writes and a bulk load's are not searchable until one, then pages of
 * keys in key order with {@code search_after}, so that a limit above the result window is served too.
 * Thread-safe.
 */
public final class MatchingIds {
    /** Keys per search request: well inside the indexes' result window. */
    static final int PAGE = 5_000;

    private final ElasticsearchClient client;
    private final ElasticIndexes indexes;
    private final int page;

    /** Look-ups through {@code client} on {@code indexes}. */
    public MatchingIds(ElasticsearchClient client, ElasticIndexes indexes) {
        this(client, indexes, PAGE);
    }

    /** With {@code page} keys per request: small pages let a test cross page boundaries. */
    MatchingIds(ElasticsearchClient client, ElasticIndexes indexes, int page) {
        this.client = client;
        this.indexes = indexes;
        this.page = page;
    }

    /**
     * The ids of at most {@code limit} documents in {@code index} that match the checked {@code filters},
     * seeing every write acknowledged before the call.
     *
     * @throws dev.readmodel.core.error.TransientStoreException when the cluster cannot be reached now
     */
    public List<String> find(ReadModel model, String index, List<Filter> filters, int limit) {
        indexes.refresh(List.of(index));
        List<String> ids = new ArrayList<>();
        String after = null;
        while (ids.size() < limit) {
            ObjectNode body = ElasticQueries.ids(model, filters, Math.min(page, limit - ids.size()), after);
            SearchResponse<ObjectNode> page = ElasticCalls.call("Finding documents of read model [" + model.name()
                    + "] for a set-based write", () -> client.search(s -> s.withJson(new StringReader(body.toString()))
                    .index(index), ObjectNode.class));
            List<Hit<ObjectNode>> hits = page.hits().hits();
            hits.forEach(hit -> ids.add(hit.id()));
            if (hits.size() < body.get("size").asInt()) {
                break;
            }
            after = ids.get(ids.size() - 1);
        }
        return ids;
    }
}
