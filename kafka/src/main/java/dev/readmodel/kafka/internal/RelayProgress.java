package dev.readmodel.kafka.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The relay's progress: one record per transaction in a one-partition compacted topic, keyed by the
 * relay's name, whose value is the event-store position the transaction's events reach (8 bytes, big
 * endian). Written in the same transaction as the events, so the last committed one is exactly where
 * the published events end.
 */
public final class RelayProgress {
    private static final long FIRST_WINDOW = 64;

    private final String topic;
    private final byte[] key;

    /** Progress of relay {@code relayName} in {@code topic}. */
    public RelayProgress(String topic, String relayName) {
        this.topic = topic;
        this.key = relayName.getBytes(StandardCharsets.UTF_8);
    }

    /** The record that says the events up to {@code position} are published. */
    public ProducerRecord<byte[], byte[]> record(long position) {
        return new ProducerRecord<>(topic, 0, key, ByteBuffer.allocate(Long.BYTES).putLong(position).array());
    }

    /**
     * The position in the newest committed progress record, or 0 when there is none. Reads with
     * {@code read_committed} backwards from the end in growing windows, so a long history costs little.
     * Call it after the producer's {@code initTransactions()}, which ends any transaction a previous
     * instance left open.
     *
     * @throws TimeoutException when the broker does not answer within {@code timeout}
     */
    public long read(String bootstrapServers, Map<String, String> extra, Duration timeout) {
        Properties props = new Properties();
        props.putAll(extra);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        TopicPartition partition = new TopicPartition(topic, 0);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.assign(List.of(partition));
            long begin = consumer.beginningOffsets(List.of(partition), timeout).get(partition);
            long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
            long window = FIRST_WINDOW;
            while (true) {
                long start = Math.max(begin, end - window);
                long found = scan(consumer, partition, start, end, deadline);
                if (found >= 0 || start == begin) {
                    return Math.max(found, 0);
                }
                window *= 8;
            }
        }
    }

    private long scan(KafkaConsumer<byte[], byte[]> consumer, TopicPartition partition, long start, long end,
            long deadline) {
        consumer.seek(partition, start);
        long found = -1;
        while (consumer.position(partition) < end) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("Reading relay progress from [" + topic
                        + "]: still at offset [" + consumer.position(partition) + "] of [" + end + "]");
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() < end && Arrays.equals(record.key(), key) && record.value() != null
                        && record.value().length == Long.BYTES) {
                    found = Math.max(found, ByteBuffer.wrap(record.value()).getLong());
                }
            }
        }
        return found;
    }
}
