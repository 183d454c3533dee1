package dev.readmodel.kafka.internal;

import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.DocumentWriter;
import dev.readmodel.core.spi.StoredDocument;
import dev.readmodel.core.spi.WriteBatch;
import dev.readmodel.kafka.KafkaProjectionRebuild;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rebuild of one projection on one topic as documents in the read-model store, beside its read
 * models: one rebuild-state document ({@link #REBUILDS}: generation, phase, when it was asked for) and one
 * acknowledgement per consumer instance ({@link #ACKS}: the generation it drained for). Versions only grow
 * (a state's is {@code 2 * generation}, {@code + 1} when replaying; an acknowledgement's its generation), so
 * the versioned stores keep the newest. Each write is a batch of its own with a checkpoint of its own
 * ({@code <projection>@<topic>.rebuild} and {@code .rebuild-ack}), which nothing reads. Thread-safe.
 */
public final class RebuildLedger {
    /** One document per projection and topic, {@code <projection>@<topic>}. */
    public static final ReadModel REBUILDS = ReadModel.named("readmodel_kafka_rebuilds").key("rebuild_key")
            .field("projection", FieldType.KEYWORD).field("topic", FieldType.KEYWORD)
            .field("generation", FieldType.LONG).field("phase", FieldType.KEYWORD)
            .field("requested_at", FieldType.TIMESTAMP).build();
    /** One document per projection, topic and instance, {@code <projection>@<topic>/<instance>}. */
    public static final ReadModel ACKS = ReadModel.named("readmodel_kafka_rebuild_acks").key("ack_key")
            .field("instance", FieldType.KEYWORD).field("generation", FieldType.LONG).build();
    /** Both models, for {@code prepare}. */
    public static final List<ReadModel> MODELS = List.of(REBUILDS, ACKS);

    private final DocumentWriter store;
    private final String projection;
    private final String topic;
    private final String key;

    /** The rebuilds of {@code projection} on {@code topic}, in {@code store}. */
    public RebuildLedger(DocumentWriter store, String projection, String topic) {
        this.store = store;
        this.projection = projection;
        this.topic = topic;
        this.key = projection + "@" + topic;
    }

    /**
     * The newest rebuild asked for; empty when there never was one.
     *
     * @throws dev.readmodel.core.error.TransientStoreException when the store cannot be read now
     */
    public Optional<KafkaProjectionRebuild.State> state() {
        StoredDocument found = store.load(REBUILDS, List.of(key)).get(key);
        if (found == null) {
            return Optional.empty();
        }
        Document doc = found.document();
        return Optional.of(new KafkaProjectionRebuild.State(doc.longValue("generation", 0),
                KafkaProjectionRebuild.Phase.valueOf(doc.string("phase")), doc.instant("requested_at")));
    }

    /** Stores {@code state} as the newest rebuild. */
    public void write(KafkaProjectionRebuild.State state) {
        long version = 2 * state.generation() + (state.phase() == KafkaProjectionRebuild.Phase.REPLAYING ? 1 : 0);
        Document doc = Document.of("rebuild_key", key, "projection", projection, "topic", topic,
                "generation", state.generation(), "phase", state.phase().name(), "requested_at", state.requestedAt());
        store.commit(new WriteBatch(key + ".rebuild", List.of(new DocumentWrite.Put(REBUILDS, key, doc, version)),
                version));
    }

    /** Records that {@code instance} has drained for {@code generation}: it holds its partitions paused. */
    public void acknowledge(String instance, long generation) {
        String ackKey = key + "/" + instance;
        Document doc = Document.of("ack_key", ackKey, "instance", instance, "generation", generation);
        store.commit(new WriteBatch(key + ".rebuild-ack", List.of(new DocumentWrite.Put(ACKS, ackKey, doc, generation)),
                generation));
    }

    /** The generation each of {@code instances} last acknowledged; those that never did are absent. */
    public Map<String, Long> acknowledged(Collection<String> instances) {
        Map<String, String> byKey = new LinkedHashMap<>();
        instances.forEach(instance -> byKey.put(key + "/" + instance, instance));
        Map<String, Long> acked = new HashMap<>();
        if (byKey.isEmpty()) {
            return acked;
        }
        store.load(ACKS, byKey.keySet()).forEach((ackKey, doc) -> acked.put(byKey.get(ackKey),
                doc.document().longValue("generation", 0)));
        return acked;
    }
}
