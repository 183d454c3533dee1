package dev.readmodel.kafka;

import dev.readmodel.core.event.EventBatch;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.event.EventSource;
import dev.readmodel.core.event.EventTypeMatcher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a read_committed consumer of a relayed topic sees, compared with the event store: events lost,
 * events seen twice, and events out of order within their stream or partition.
 *
 * @param records every committed record of the topic, per partition in offset order
 * @param lost store positions missing from the topic
 * @param duplicated records whose position the topic already held
 * @param outOfOrder records whose stream version or position is not above the previous one of their stream
 *     or partition, or that sit in a partition other than their stream's first one
 */
record TopicTally(List<ConsumerRecord<byte[], byte[]>> records, long lost, long duplicated, long outOfOrder) {

    /** Reads all of {@code topic} with read_committed and compares it with every event of {@code store}. */
    static TopicTally of(String topic, EventSource store) {
        List<EventEnvelope> expected = new ArrayList<>();
        long after = 0;
        while (true) {
            EventBatch batch = store.read(after, 5_000, EventTypeMatcher.all());
            if (batch.readUpTo() <= after) {
                break;
            }
            expected.addAll(batch.events());
            after = batch.readUpTo();
        }
        List<ConsumerRecord<byte[], byte[]>> records = readAll(topic);
        Set<Long> seen = new HashSet<>();
        long duplicated = 0;
        long outOfOrder = 0;
        Map<String, long[]> lastOfStream = new HashMap<>(); // version, partition
        Map<Integer, Long> lastOfPartition = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            EventEnvelope event = EventRecords.toEnvelope(record);
            if (!seen.add(event.position())) {
                duplicated++;
                continue;
            }
            long[] last = lastOfStream.get(event.streamId());
            if (last != null && (event.streamVersion() <= last[0] || last[1] != record.partition())) {
                outOfOrder++;
            }
            Long lastPosition = lastOfPartition.get(record.partition());
            if (lastPosition != null && event.position() <= lastPosition) {
                outOfOrder++;
            }
            if (!new String(record.key(), StandardCharsets.UTF_8).equals(event.streamId())) {
                outOfOrder++;
            }
            lastOfStream.put(event.streamId(), new long[] {event.streamVersion(), record.partition()});
            lastOfPartition.put(record.partition(), event.position());
        }
        Set<Long> expectedPositions = expected.stream().map(EventEnvelope::position).collect(Collectors.toSet());
        long lost = expectedPositions.stream().filter(p -> !seen.contains(p)).count();
        long extra = seen.stream().filter(p -> !expectedPositions.contains(p)).count();
        return new TopicTally(records, lost + extra, duplicated, outOfOrder);
    }

    /** Every committed record of {@code topic}, partition by partition. */
    /** The offset of the last record of each partition of {@code topic} that holds any. */
    static Map<Integer, Long> lastOffsets(String topic) {
        Map<Integer, Long> last = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : readAll(topic)) {
            last.merge(record.partition(), record.offset(), Math::max);
        }
        return last;
    }

    static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaServer.bootstrap());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Map<Integer, List<ConsumerRecord<byte[], byte[]>>> byPartition = new HashMap<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Reading topic [" + topic + "] took over 60 s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    byPartition.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(record);
                }
            }
            for (TopicPartition partition : partitions) {
                all.addAll(byPartition.getOrDefault(partition.partition(), List.of()));
            }
        }
        return all;
    }
}
