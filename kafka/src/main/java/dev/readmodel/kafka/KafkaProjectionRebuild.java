package dev.readmodel.kafka;

import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.core.spi.WriteBatch;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;

/**
 * Rebuilds a partitioned projection from one command: resets every partition's checkpoint to 0, then
 * empties the projection's read models once; the instances started afterwards replay the topic from its
 * start, and {@link KafkaProjectionStatus#checkpointed()} sums their progress.
 *
 * <p>It refuses while any member of the group runs: a running instance would go on from the checkpoint it
 * sought at its assignment. Stop every instance, rebuild, start them again. A rebuild that fails half-way
 * (checkpoints reset, read models not yet emptied) is completed by running it again.
 */
public final class KafkaProjectionRebuild {
    private static final long TIMEOUT_SECONDS = 30;

    private KafkaProjectionRebuild() {
    }

    /**
     * Resets and empties {@code projection} consuming {@code topic} in group {@code groupId} into {@code store}.
     *
     * @return the number of partitions reset
     * @throws KafkaStatusException when the group still has members, or the brokers cannot tell within 30 s
     */
    public static int run(ReadModelStore store, Admin admin, String topic, String groupId, Projection projection) {
        int partitions;
        try {
            Collection<MemberDescription> members = KafkaProjectionStatus.members(admin, groupId);
            if (!members.isEmpty()) {
                throw new KafkaStatusException("Cannot rebuild projection [" + projection.name() + "] while "
                        + members.size() + " instance(s) of group [" + groupId + "] run: stop them first", null);
            }
            partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaStatusException("Interrupted before rebuilding projection [" + projection.name() + "]", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new KafkaStatusException("Cannot rebuild projection [" + projection.name() + "] on topic [" + topic
                    + "] in group [" + groupId + "]: " + cause, cause);
        }
        // checkpoints first: a failure before the truncate leaves old documents whose versions the replay skips,
        // and running the rebuild again empties them
        for (int p = 0; p < partitions; p++) {
            store.commit(new WriteBatch(KafkaProjectionConsumer.checkpointName(projection.name(), topic, p), List.of(), 0));
        }
        store.truncate(KafkaProjectionConsumer.checkpointName(projection.name(), topic, 0), projection.readModels());
        return partitions;
    }
}
