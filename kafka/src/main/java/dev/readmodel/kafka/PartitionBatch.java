package dev.readmodel.kafka;

import dev.readmodel.core.error.ProjectionFailedException;
import dev.readmodel.core.error.TransientException;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.projection.FailurePolicy;
import dev.readmodel.core.spi.DeliveryGuarantee;
import dev.readmodel.core.spi.WriteBatch;
import dev.readmodel.core.status.DeadLetter;
import dev.readmodel.kafka.internal.PartitionEnd;
import dev.readmodel.kafka.internal.PartitionOwners;
import dev.readmodel.kafka.internal.PartitionWork;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch of one partition: its records upcast and applied, the documents' owners checked, then
 * committed only if the partition's checkpoint has not moved and no rebuild has begun. A handler that
 * keeps failing, or a document another partition wrote, follows the projection's failure policy; nothing
 * of such a batch is committed. Runs on the polling thread.
 */
final class PartitionBatch {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaProjectionConsumer.class);

    private final ConsumerParts parts;
    private final KafkaConsumer<byte[], byte[]> kafka;
    private final PartitionSeeker seeker;
    private final RebuildFollower rebuilds;
    private final TopicPartition partition;

    PartitionBatch(ConsumerParts parts, KafkaConsumer<byte[], byte[]> kafka, PartitionSeeker seeker,
            RebuildFollower rebuilds, TopicPartition partition) {
        this.parts = parts;
        this.kafka = kafka;
        this.seeker = seeker;
        this.rebuilds = rebuilds;
        this.partition = partition;
    }

    /**
     * Applies and commits {@code records}.
     *
     * @throws dev.readmodel.core.error.CheckpointMovedException when another writer moved the checkpoint
     * @throws RuntimeException when the store fails; nothing was committed
     */
    void apply(List<ConsumerRecord<byte[], byte[]>> records) {
        long expected = parts.recovery().expected(partition).orElseThrow(() -> new IllegalStateException(
                "Partition [" + partition + "] returned records before it was sought"));
        // where the checkpoint follows the writes, a batch re-read after a crash in between is skipped by version
        PartitionWork work = new PartitionWork(parts.store(), parts.store().guarantee() != DeliveryGuarantee.ATOMIC);
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (parts.recovery().isParked(partition, record.offset()) || !parts.mapper().carriesEvent(record)) {
                continue;
            }
            EventEnvelope event;
            try {
                event = parts.mapper().toEnvelope(record);
            } catch (TransientException e) {
                throw e;
            } catch (RuntimeException e) {
                // a record that is no event (a poison pill) meets the failure policy as a failing handler does,
                // instead of stopping its partition for ever
                handlerFailed(record, UnmappedRecord.envelope(record), e);
                return;
            }
            if (!parts.readTypes().matches(event.type())) {
                continue;
            }
            try {
                // upcast first, as an engine does: renamed types, old versions and splits reach the handlers
                // in their current shape; a split's parts share the record, so they fold into one write each
                for (EventEnvelope part : parts.config().upcasters().upcast(event)) {
                    work.at(part, record.offset());
                    parts.projection().apply(part, work);
                }
            } catch (TransientException e) {
                throw e; // the store, not the handler: retried without limit, not counted against the policy
            } catch (Exception e) {
                handlerFailed(record, event, e);
                return;
            }
        }
        PartitionOwners.Checked checked = parts.owners().check(partition, work.writes());
        if (checked.conflict().isPresent()) {
            conflict(checked.conflict().get(), records);
            return;
        }
        if (!rebuilds.mayCommit()) {
            return; // a rebuild began: the partition is paused, or sought again for the replay; the batch is dropped
        }
        long next = records.get(records.size() - 1).offset() + 1;
        // a batch with records after it need not be visible at once (an Elasticsearch refresh per batch is
        // dear): the batch that reaches the partition's end shows it, as an engine's catch-up does
        boolean reachesEnd = PartitionEnd.reached(kafka.currentLag(partition));
        parts.store().commitIfCheckpoint(new WriteBatch(parts.checkpointName(partition.topic(), partition.partition()),
                checked.writes(), next, reachesEnd), expected);
        parts.recovery().committed(partition, next);
    }

    /** A document written from two partitions: the partition stops at the record that wrote it. */
    private void conflict(PartitionOwners.Conflict conflict, List<ConsumerRecord<byte[], byte[]>> records) {
        ConsumerRecord<byte[], byte[]> at = records.get(0);
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (record.offset() + 1 == conflict.write().version()) { // versions are offsets + 1
                at = record;
            }
        }
        // the record that wrote the document mapped before; the first one of the batch may be a parked poison pill
        EventEnvelope event = at.offset() + 1 == conflict.write().version() ? parts.mapper().toEnvelope(at)
                : UnmappedRecord.envelope(at);
        fault(new PartitionFault(parts.projection().name(), partition.topic(), partition.partition(), at.offset(),
                event.position(), event.type(), 1, conflict.message()), null);
    }

    private void fault(PartitionFault fault, Exception cause) {
        parts.state().fault(fault);
        kafka.pause(List.of(partition));
        LOG.error(fault.describe(), cause);
    }

    /** Retries with backoff, then follows the projection's failure policy; nothing of the batch is committed. */
    private void handlerFailed(ConsumerRecord<byte[], byte[]> record, EventEnvelope event, Exception cause) {
        String projection = parts.projection().name();
        ProjectionFailedException failure = new ProjectionFailedException(projection, event.position(), event.type(),
                cause);
        parts.state().error(failure.toString());
        int attempts = parts.recovery().handlerFailed(partition, record.offset());
        FailurePolicy policy = parts.projection().failurePolicy();
        if (attempts <= policy.retries()) {
            Duration delay = seeker.retryLater(partition);
            LOG.warn("Kafka consumer of projection [{}]: handler failed on partition [{}] offset [{}] (attempt {} of {});"
                    + " retried in {}: {}", projection, partition, record.offset(), attempts, policy.retries() + 1, delay,
                    failure.getMessage());
            return;
        }
        if (policy instanceof FailurePolicy.DeadLetter) {
            parts.deadLetters().park(new DeadLetter(projection, event, failure.getMessage(), attempts, Instant.now()));
            parts.recovery().park(partition, record.offset());
            LOG.warn("Kafka consumer of projection [{}] parked the event at position [{}] (partition [{}] offset [{}]) "
                    + "after {} attempts: {}", projection, event.position(), partition, record.offset(), attempts,
                    failure.getMessage());
            seeker.retryNow(partition);
            return;
        }
        fault(new PartitionFault(projection, partition.topic(), partition.partition(), record.offset(), event.position(),
                event.type(), attempts, failure.getMessage()), cause);
    }
}
