package dev.readmodel.elastic.internal;

import dev.readmodel.core.error.StoreException;
import dev.readmodel.core.projection.Checkpoint;
import dev.readmodel.core.spi.CheckpointStore;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;

/** Checkpoints as documents of the index {@code <prefix>-checkpoints}, one per projection. Thread-safe. */
public final class CheckpointIndex implements CheckpointStore {
    private final ElasticsearchClient client;
    private final String index;

    /** Checkpoints in {@code <prefix>-checkpoints}; call {@link #create()} before the first use. */
    public CheckpointIndex(ElasticsearchClient client, String prefix) {
        this.client = client;
        this.index = prefix + "-checkpoints";
    }

    /** Creates the index if it is missing; another process creating it at the same time is fine. */
    public void create() {
        boolean exists = ElasticCalls.call("Checking index [" + index + "]",
                () -> client.indices().exists(e -> e.index(index))).value();
        if (!exists) {
            String body = "{\"settings\":{\"index\":{\"number_of_shards\":1}},\"mappings\":{\"properties\":"
                    + "{\"position\":{\"type\":\"long\"}}}}";
            try {
                ElasticCalls.call("Creating index [" + index + "]", () -> client.indices().create(c -> c
                        .withJson(new StringReader(body)).index(index)));
            } catch (StoreException e) {
                if (!String.valueOf(e.getMessage()).contains("resource_already_exists")) {
                    throw e;
                }
            }
        }
    }

    @Override
    public long load(String projection) {
        var response = ElasticCalls.call("Loading the checkpoint of projection [" + projection + "]",
                () -> client.get(g -> g.index(index).id(projection), ObjectNode.class));
        return response.found() ? response.source().path("position").asLong() : 0;
    }

    @Override
    public void store(Checkpoint checkpoint) {
        ObjectNode document = ElasticJson.NODES.objectNode().put("position", checkpoint.position());
        ElasticCalls.call("Saving checkpoint [" + checkpoint.position() + "] of projection [" + checkpoint.projection() + "]",
                () -> client.index(i -> i.index(index).id(checkpoint.projection()).document(document)));
    }
}
