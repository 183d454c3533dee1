package dev.readmodel.kafka;

import java.util.Objects;

/**
 * A partition a {@link KafkaProjectionConsumer} stopped reading because the projection's handler kept
 * failing on one of its records and the projection's {@link dev.readmodel.core.projection.FailurePolicy}
 * says fail: later records of the partition wait, nothing is skipped. It lasts while this instance holds
 * the partition.
 *
 * @param projection the projection
 * @param topic the topic
 * @param partition the partition
 * @param offset the offset of the record the handler failed on
 * @param position the global position of its event
 * @param eventType the type of its event
 * @param attempts how many times the handler ran on it
 * @param error the handler's last failure
 */
public record PartitionFault(String projection, String topic, int partition, long offset, long position,
        String eventType, int attempts, String error) {
    /** Rejects nulls. */
    public PartitionFault {
        Objects.requireNonNull(projection, "projection");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(error, "error");
    }

    /** One line naming the projection, the partition, the offset, the event and the failure. */
    public String describe() {
        return "Projection [" + projection + "] faulted on partition [" + topic + "/" + partition + "] at offset ["
                + offset + "], event [" + eventType + "] at position [" + position + "], after " + attempts
                + " attempts: " + error;
    }
}
