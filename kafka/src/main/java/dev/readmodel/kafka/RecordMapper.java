package dev.readmodel.kafka;

import dev.readmodel.core.event.EventEnvelope;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns a Kafka record into the event a projection sees. {@link #READMODEL} reads what {@link KafkaRelay}
 * writes; topics that applications or an outbox fill supply their own. Implementations are thread-safe.
 */
@FunctionalInterface
public interface RecordMapper {
    /** The records of {@link KafkaRelay}: {@link EventRecords#toEnvelope}. */
    RecordMapper READMODEL = EventRecords::toEnvelope;

    /**
     * The event {@code record} carries. Its position must grow within a document's partition, since it is
     * kept as the version of the documents it writes.
     *
     * @throws dev.readmodel.core.error.StoreException when the record is not an event
     */
    EventEnvelope toEnvelope(ConsumerRecord<byte[], byte[]> record);

    /**
     * Whether {@code record} carries an event at all. One that does not is passed over, as an event of a type
     * the projection does not read is: no handler sees it, its offset is committed with its batch, and it is
     * no failure. Every record does, unless a mapper says otherwise ({@link OutboxRecordMapper}: tombstones).
     */
    default boolean carriesEvent(ConsumerRecord<byte[], byte[]> record) {
        return true;
    }
}
