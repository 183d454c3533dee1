package dev.readmodel.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Where each partition of a {@link KafkaProjectionConsumer} reads from: every assignment, every retry and
 * every rebuild starts from the stored checkpoint, never from Kafka's committed offset. A partition whose
 * checkpoint cannot be read stays paused, reading nothing, and is tried again after a backoff. Runs on the
 * polling thread (the listener's callbacks inside poll).
 */
final class PartitionSeeker implements ConsumerRebalanceListener {
    private final ConsumerParts parts;
    private final KafkaConsumer<byte[], byte[]> kafka;
    private RebuildFollower rebuilds;

    PartitionSeeker(ConsumerParts parts, KafkaConsumer<byte[], byte[]> kafka) {
        this.parts = parts;
        this.kafka = kafka;
    }

    /** The rebuilds to follow: a partition assigned while draining stays paused. */
    void follow(RebuildFollower value) {
        rebuilds = value;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        startOver(partitions);
        partitions.forEach(p -> parts.state().assigned(p.partition()));
        if (rebuilds != null && rebuilds.draining()) {
            kafka.pause(partitions);
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        // nothing to flush: every batch is committed before the next poll, where revocation happens
        partitions.forEach(p -> {
            parts.recovery().forget(p);
            parts.state().revoked(p.partition());
        });
    }

    /**
     * {@code partitions} read again from their stored checkpoints, as if just assigned: failures, faults and
     * parked records forgotten. They stay paused when they were.
     *
     * @return those sought; the others wait paused for a backoff
     */
    List<TopicPartition> startOver(Collection<TopicPartition> partitions) {
        List<TopicPartition> sought = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            parts.recovery().forget(partition);
            parts.state().clearFault(partition.partition());
            try {
                seekToCheckpoint(partition);
                sought.add(partition);
            } catch (RuntimeException e) {
                // without its checkpoint a partition must not be read at all: paused until seekDue succeeds
                // (a paused partition returns no records; it still needs some position, which that seek replaces)
                parts.state().error(e.toString());
                kafka.seekToBeginning(List.of(partition));
                retryLater(partition);
            }
        }
        return sought;
    }

    /** Pauses {@code partition} until a backoff has passed; then {@link #seekDue} seeks it to its checkpoint. */
    Duration retryLater(TopicPartition partition) {
        kafka.pause(List.of(partition));
        return parts.recovery().failed(partition, System.currentTimeMillis());
    }

    /** Reads the batch again from the checkpoint at the next poll, without the parked record. */
    void retryNow(TopicPartition partition) {
        kafka.pause(List.of(partition));
        parts.recovery().failed(partition, 0);
    }

    /**
     * Seeks the paused partitions whose backoff has passed to their stored checkpoint and resumes them;
     * none while draining for a rebuild (the rebuild's replay seeks them all).
     */
    void seekDue() {
        if (rebuilds != null && rebuilds.draining()) {
            return;
        }
        for (TopicPartition partition : parts.recovery().due(System.currentTimeMillis())) {
            if (parts.state().faulted(partition.partition())) {
                continue;
            }
            try {
                seekToCheckpoint(partition);
                kafka.resume(List.of(partition));
            } catch (RuntimeException e) {
                parts.state().error(e.toString());
                parts.recovery().failed(partition, System.currentTimeMillis());
            }
        }
    }

    private void seekToCheckpoint(TopicPartition partition) {
        long checkpoint = parts.store().checkpoint(parts.checkpointName(partition.topic(), partition.partition()));
        if (checkpoint == 0) {
            kafka.seekToBeginning(List.of(partition));
        } else {
            kafka.seek(partition, checkpoint);
        }
        parts.recovery().sought(partition, checkpoint);
    }
}
