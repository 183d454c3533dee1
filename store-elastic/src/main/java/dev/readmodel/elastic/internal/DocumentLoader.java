package dev.readmodel.elastic.internal;

import dev.readmodel.core.error.StoreException;
import dev.readmodel.core.error.TransientStoreException;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.spi.StoredDocument;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads documents by id with one multi-get, each with its external version. A per-document failure is
 * never taken for "absent": a handler would rebuild the document from nothing and lose what it held.
 * Thread-safe.
 */
public final class DocumentLoader {
    /** Per-document errors of a multi-get that mean a shard or node is not there yet, as while the server starts. */
    private static final Set<String> UNAVAILABLE = Set.of("no_shard_available_action_exception",
            "unavailable_shards_exception", "node_closed_exception", "node_not_connected_exception",
            "node_disconnected_exception", "es_rejected_execution_exception", "cluster_block_exception");

    private final ElasticsearchClient client;

    /** Loads through {@code client}. */
    public DocumentLoader(ElasticsearchClient client) {
        this.client = client;
    }

    /**
     * The stored documents among {@code ids} in {@code index} (an alias or a physical index).
     *
     * @throws TransientStoreException when a document's shard is unavailable now
     * @throws StoreException when a document fails for another reason
     */
    public Map<String, StoredDocument> load(ReadModel model, String index, Collection<String> ids) {
        Map<String, StoredDocument> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        List<String> all = List.copyOf(ids);
        var response = ElasticCalls.call("Loading " + all.size() + " documents of read model [" + model.name() + "]",
                () -> client.mget(m -> m.index(index).ids(all), ObjectNode.class));
        for (var item : response.docs()) {
            if (item.isFailure()) {
                String error = item.failure().error().type();
                String message = "Loading document [" + item.failure().id() + "] of read model [" + model.name()
                        + "] failed on Elasticsearch: " + error + ": " + item.failure().error().reason();
                throw UNAVAILABLE.contains(error) ? new TransientStoreException(message, null) : new StoreException(message);
            }
            if (item.result().found()) {
                found.put(item.result().id(), new StoredDocument(ElasticJson.document(model, item.result().source()),
                        item.result().version()));
            }
        }
        return found;
    }
}
