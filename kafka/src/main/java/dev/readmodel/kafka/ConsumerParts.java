package dev.readmodel.kafka;

import dev.readmodel.core.event.EventTypeMatcher;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.spi.DeadLetterStore;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.kafka.internal.PartitionOwners;
import dev.readmodel.kafka.internal.PartitionRecovery;

/**
 * What the pieces of one {@link KafkaProjectionConsumer} share: its settings, its store and the state of
 * its polling thread. {@code recovery} is the polling thread's alone.
 *
 * @param readTypes the stored types to read: the handled ones and those the upcasters turn into them
 */
record ConsumerParts(Projection projection, EventTypeMatcher readTypes, ReadModelStore store,
        KafkaProjectionConfig config, RecordMapper mapper, DeadLetterStore deadLetters, PartitionRecovery recovery,
        PartitionOwners owners, ConsumerState state) {
    String checkpointName(String topic, int partition) {
        return KafkaProjectionConsumer.checkpointName(projection.name(), topic, partition);
    }
}
