package dev.readmodel.elastic.internal;

import dev.readmodel.core.error.ReadModelException;
import dev.readmodel.core.error.StoreException;
import dev.readmodel.core.projection.Checkpoint;
import dev.readmodel.core.spi.CheckpointStore;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.OpType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import org.elasticsearch.client.ResponseException;

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

    /**
     * The stored checkpoint of {@code projection} with the sequence number and primary term of its document,
     * read in real time (a get, never a search), for a conditional write after it.
     */
    public Stored loadStored(String projection) {
        var response = ElasticCalls.call("Loading the checkpoint of projection [" + projection + "]",
                () -> client.get(g -> g.index(index).id(projection), ObjectNode.class));
        return response.found()
                ? new Stored(response.source().path("position").asLong(), response.seqNo(), response.primaryTerm())
                : new Stored(0, null, null);
    }

    /**
     * Stores {@code position} as the checkpoint of {@code projection} only while its document is still the
     * one {@code stored} read: indexed with {@code if_seq_no} and {@code if_primary_term}, or created with
     * {@code op_type=create} when there was none. Any write in between (another writer's commit, a reset)
     * changes the sequence number, and the server refuses this one.
     *
     * @return {@code false} when the server refused it as a conflict
     */
    public boolean storeIf(String projection, Stored stored, long position) {
        ObjectNode document = ElasticJson.NODES.objectNode().put("position", position);
        try {
            ElasticCalls.call("Saving checkpoint [" + position + "] of projection [" + projection + "] if it is still ["
                    + stored.position() + "]", () -> client.index(i -> {
                        i.index(index).id(projection).document(document);
                        return stored.exists() ? i.ifSeqNo(stored.seqNo()).ifPrimaryTerm(stored.primaryTerm())
                                : i.opType(OpType.Create);
                    }));
            return true;
        } catch (ReadModelException e) {
            if (conflict(e)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Whether {@code failure} is the server's 409: the client raises it as an {@link ElasticsearchException}
     * or, for the index API, as the low-level client's {@link ResponseException} (which {@link ElasticCalls}
     * takes for an unreachable server).
     */
    private static boolean conflict(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ElasticsearchException e && e.status() == 409
                    || cause instanceof ResponseException r && r.getResponse().getStatusLine().getStatusCode() == 409) {
                return true;
            }
        }
        return false;
    }

    /**
     * A checkpoint as stored.
     *
     * @param position the checkpoint, 0 when none is stored
     * @param seqNo the sequence number of its document; {@code null} when there is none
     * @param primaryTerm the primary term of its document; {@code null} when there is none
     */
    public record Stored(long position, Long seqNo, Long primaryTerm) {
        /** Whether a checkpoint document exists. */
        public boolean exists() {
            return seqNo != null;
        }
    }

    @Override
    public void store(Checkpoint checkpoint) {
        ObjectNode document = ElasticJson.NODES.objectNode().put("position", checkpoint.position());
        ElasticCalls.call("Saving checkpoint [" + checkpoint.position() + "] of projection [" + checkpoint.projection() + "]",
                () -> client.index(i -> i.index(index).id(checkpoint.projection()).document(document)));
    }
}
