package dev.readmodel.kafka;

import dev.readmodel.core.spi.DocumentWriter;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.kafka.internal.RebuildLedger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * Where a partitioned projection stands, from any process that reaches the store and the brokers (no
 * consumer instance needs to run): every partition's stored checkpoint, the partition's end (the last
 * stable offset, as a {@code read_committed} consumer sees it) and which group member holds it now.
 *
 * <p>During a {@link KafkaProjectionRebuild} it shows the rebuild's generation and phase; while it replays,
 * {@link #checkpointed()} against {@link #endOffsets()} is the progress of every instance summed.
 *
 * <p>Lag is counted in offsets, not records: the relay's transactions leave one commit marker after each
 * batch, so a partition that is fully applied still shows the marker after its last record, a lag of 1.
 *
 * @param projection the projection's name
 * @param topic the topic it consumes
 * @param partitions one entry per partition of the topic, in partition order
 * @param lag the partitions' lags summed
 * @param rebuild the newest rebuild of the projection on the topic; empty when there never was one
 */
public record KafkaProjectionStatus(String projection, String topic, List<Partition> partitions, long lag,
        Optional<KafkaProjectionRebuild.State> rebuild) {
    private static final long TIMEOUT_SECONDS = 30;

    /** Copies the partitions. */
    public KafkaProjectionStatus {
        partitions = List.copyOf(partitions);
        Objects.requireNonNull(rebuild, "rebuild");
    }

    /**
     * Whether a rebuild's replay has caught up, or there is none under way: no rebuild drains, and every
     * partition is at most the relay's last commit marker behind its end.
     */
    public boolean rebuilt() {
        return rebuild.map(r -> r.phase() == KafkaProjectionRebuild.Phase.REPLAYING).orElse(true)
                && partitions.stream().allMatch(p -> p.lag() <= 1);
    }

    /**
     * One partition.
     *
     * @param partition its number
     * @param checkpoint the stored checkpoint: the offset of the next record to apply ({@code 0}: none applied)
     * @param endOffset the offset after the last committed record (and its transaction marker)
     * @param lag {@code endOffset - checkpoint}, never negative
     * @param owner the group member holding it now ({@code clientId@host}), empty when none does
     */
    public record Partition(int partition, long checkpoint, long endOffset, long lag, Optional<String> owner) {
    }

    /** The checkpoints summed over partitions: how far the projection's instances got together. */
    public long checkpointed() {
        return partitions.stream().mapToLong(Partition::checkpoint).sum();
    }

    /** The end offsets summed over partitions. */
    public long endOffsets() {
        return partitions.stream().mapToLong(Partition::endOffset).sum();
    }

    /**
     * The status of {@code projection} consuming {@code config}'s topic into {@code store}, through a short-lived
     * admin client with {@code config}'s brokers and consumer settings (security among them).
     *
     * @throws KafkaStatusException when the brokers cannot tell within 30 s or the topic does not exist
     */
    public static KafkaProjectionStatus of(DocumentWriter store, KafkaProjectionConfig config, String projection) {
        Properties props = new Properties();
        props.putAll(config.consumerProperties());
        props.keySet().removeIf(key -> !AdminClientConfig.configNames().contains(key.toString()));
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            return of(store, admin, config.topic(), config.groupId(), projection);
        }
    }

    /**
     * The status of {@code projection} consuming {@code topic} in group {@code groupId} into {@code store}, through
     * {@code admin}, which the caller keeps. A {@link ReadModelStore} is first given the read model of the
     * rebuild states, if it lacks it; another writer must have it already (any instance's start and any
     * rebuild prepare it).
     *
     * @throws KafkaStatusException when the brokers cannot tell within 30 s or the topic does not exist
     */
    public static KafkaProjectionStatus of(DocumentWriter store, Admin admin, String topic, String groupId,
            String projection) {
        if (store instanceof ReadModelStore prepared) {
            prepared.prepare(RebuildLedger.MODELS);
        }
        try {
            TopicDescription described = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            described.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest,
                    new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<Integer, String> owners = new HashMap<>();
            for (MemberDescription member : members(admin, groupId)) {
                member.assignment().topicPartitions().stream().filter(tp -> tp.topic().equals(topic))
                        .forEach(tp -> owners.put(tp.partition(), member.clientId() + "@" + member.host()));
            }
            List<Partition> partitions = new ArrayList<>();
            long total = 0;
            for (int p = 0; p < described.partitions().size(); p++) {
                long checkpoint = store.checkpoint(KafkaProjectionConsumer.checkpointName(projection, topic, p));
                long end = ends.get(new TopicPartition(topic, p)).offset();
                long lag = Math.max(0, end - checkpoint);
                total += lag;
                partitions.add(new Partition(p, checkpoint, end, lag, Optional.ofNullable(owners.get(p))));
            }
            return new KafkaProjectionStatus(projection, topic, partitions, total,
                    new RebuildLedger(store, projection, topic).state());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaStatusException("Interrupted while reading the status of projection [" + projection
                    + "] on topic [" + topic + "]", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new KafkaStatusException("Cannot read the status of projection [" + projection + "] on topic ["
                    + topic + "] in group [" + groupId + "]: " + cause, cause);
        }
    }

    /** The group's members now; none when the group does not exist (yet, or any more). */
    static Collection<MemberDescription> members(Admin admin, String groupId)
            throws ExecutionException, InterruptedException, TimeoutException {
        try {
            return admin.describeConsumerGroups(List.of(groupId)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(groupId).members();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return List.of();
            }
            throw e;
        }
    }
}
