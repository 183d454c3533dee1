package dev.readmodel.kafka.internal;

import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.DocumentWriter;
import dev.readmodel.core.spi.StoredDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;

/**
 * Which partition first wrote each document of a projection, kept in the read-model store beside the
 * documents (in a read model of the projection's own, {@link #model(String)}, which a rebuild empties with
 * the projection's read models) and written in the same batch as a document's first write: a batch from one
 * partition that writes a document another partition wrote is refused. Two partitions writing one
 * document could apply its events out of order, since Kafka orders records within a partition only; that
 * happens when a projection's documents combine events of several record keys (daily sales by day over a
 * topic keyed by stream), or when partitions were added to the topic. Costs one look-up per batch; only a
 * document's first write adds a write. Two partitions creating one document in batches that commit at the
 * same moment may both pass; the next batch of the one that lost the race is refused.
 */
public final class PartitionOwners {
    private static final String PREFIX = "readmodel_kafka_owners_";
    private static final Pattern PLAIN = Pattern.compile("[a-z0-9_]{1,25}");

    private final String projection;
    private final DocumentWriter store;
    private final ReadModel model;

    /** The owners of {@code projection}'s documents, in {@code store}. */
    public PartitionOwners(String projection, DocumentWriter store) {
        this.projection = projection;
        this.store = store;
        this.model = model(projection);
    }

    /**
     * The store's table of the owners of {@code projection}'s documents: one row per document and topic,
     * {@code <projection>@<topic>:<model>/<id>}. One table per projection, so that a rebuild empties the
     * projection's owners with its read models (a truncate, which on the versioned stores also forgets the
     * versions a replay starts again below) and leaves other projections' alone. Named
     * {@code readmodel_kafka_owners_<projection>}; a name that is not lower-case letters, digits and '_', or
     * is longer than 25, is shortened and given a hash of the whole, so that two projections never share one.
     */
    public static ReadModel model(String projection) {
        String suffix;
        if (PLAIN.matcher(projection).matches()) {
            suffix = projection;
        } else {
            String plain = projection.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
            suffix = plain.substring(0, Math.min(16, plain.length())) + "_"
                    + String.format(Locale.ROOT, "%08x", projection.hashCode());
        }
        return ReadModel.named(PREFIX + suffix).key("owner_key").field("partition", FieldType.LONG).build();
    }

    /** This projection's table of owners. */
    public ReadModel model() {
        return model;
    }

    /**
     * {@code writes} of a batch of {@code partition} with an owner row added for each document that has
     * none yet, or the first document that another partition of the topic wrote before.
     */
    public Checked check(TopicPartition partition, List<DocumentWrite> writes) {
        if (writes.isEmpty()) {
            return new Checked(writes, Optional.empty());
        }
        Map<String, DocumentWrite> byOwnerKey = new LinkedHashMap<>();
        for (DocumentWrite write : writes) {
            byOwnerKey.put(projection + "@" + partition.topic() + ":" + write.model().name() + "/" + write.id(), write);
        }
        Map<String, StoredDocument> owners = store.load(model, byOwnerKey.keySet());
        List<DocumentWrite> all = new ArrayList<>(writes);
        for (Map.Entry<String, DocumentWrite> entry : byOwnerKey.entrySet()) {
            StoredDocument owner = owners.get(entry.getKey());
            DocumentWrite write = entry.getValue();
            if (owner == null) {
                all.add(new DocumentWrite.Put(model, entry.getKey(), Document.of("owner_key", entry.getKey(),
                        "partition", (long) partition.partition()), write.version()));
            } else if (owner.document().longValue("partition", -1) != partition.partition()) {
                return new Checked(List.of(), Optional.of(new Conflict(write, partition.topic() + "-"
                        + owner.document().longValue("partition", -1), "Projection [" + projection + "] wrote document ["
                        + write.id() + "] of read model [" + write.model().name() + "] from partition [" + partition
                        + "], but partition [" + partition.topic() + "-" + owner.document().longValue("partition", -1)
                        + "] wrote it before: events are ordered within one partition only. Consume a topic keyed by"
                        + " the document (KafkaRepartitioner) or write each document from events of one record key;"
                        + " the batch was not written")));
            }
        }
        return new Checked(all, Optional.empty());
    }

    /**
     * What {@link #check} found.
     *
     * @param writes the batch's writes and the new owner rows; empty when there is a conflict
     * @param conflict the first document another partition wrote before
     */
    public record Checked(List<DocumentWrite> writes, Optional<Conflict> conflict) {
    }

    /**
     * A document written from two partitions.
     *
     * @param write the refused write; its version is the position of the event that made it
     * @param owner the partition that wrote the document first, as {@code <topic>-<partition>}
     * @param message what happened and what to do, naming the projection, the document and both partitions
     */
    public record Conflict(DocumentWrite write, String owner, String message) {
    }
}
