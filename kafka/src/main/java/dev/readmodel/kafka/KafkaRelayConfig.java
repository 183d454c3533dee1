package dev.readmodel.kafka;

import dev.readmodel.core.error.ConfigurationException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where and how a {@link KafkaRelay} publishes. Validated when built.
 *
 * @param bootstrapServers the brokers, such as {@code 127.0.0.1:19092}
 * @param topic the topic the events go to; created with {@code partitions} partitions when missing
 * @param partitions partitions of {@code topic} when the relay creates it (1 to 10,000)
 * @param relayName names the relay's lease ({@code kafka-relay/<name>}), its transactional id
 *     ({@code readmodel-relay-<name>}) and its key in the progress topic. Every instance of one relay
 *     uses the same name: the lease keeps one of them active and the transactional id fences the
 *     others. Letters, digits, {@code . _ -}.
 * @param batchSize most events in one transaction (1 to 100,000)
 * @param pollTimeout longest wait for new events before the relay checks its lease again (10 ms to 1 min)
 * @param retryDelay pause before a standby asks for the lease again, and after a failure (10 ms to 1 min)
 * @param producerProperties more producer settings (such as security); those the relay's guarantee rests
 *     on (serializers, {@code transactional.id}, idempotence, acks) may not be set here
 */
public record KafkaRelayConfig(String bootstrapServers, String topic, int partitions, String relayName, int batchSize,
        Duration pollTimeout, Duration retryDelay, Map<String, String> producerProperties) {
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    private static final Set<String> RESERVED = Set.of("transactional.id", "enable.idempotence",
            "acks", "key.serializer", "value.serializer", "bootstrap.servers");

    /** Checks every component. */
    public KafkaRelayConfig {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new ConfigurationException("Invalid Kafka bootstrapServers [" + bootstrapServers
                    + "]: expected host:port[,host:port...]");
        }
        name("topic", topic);
        name("relayName", relayName);
        range("partitions", partitions, 1, 10_000);
        range("batchSize", batchSize, 1, 100_000);
        duration("pollTimeout", pollTimeout);
        duration("retryDelay", retryDelay);
        producerProperties = Map.copyOf(Objects.requireNonNull(producerProperties, "producerProperties"));
        for (String key : producerProperties.keySet()) {
            if (RESERVED.contains(key)) {
                throw new ConfigurationException("Kafka relay producer property [" + key
                        + "] is set by the relay itself: its exactly-once guarantee rests on it");
            }
        }
    }

    /** Relay {@code topic} under its own name: 12 partitions, batches of 500, 1 s poll and retry. */
    public static KafkaRelayConfig of(String bootstrapServers, String topic) {
        return new KafkaRelayConfig(bootstrapServers, topic, 12, topic, 500, Duration.ofSeconds(1),
                Duration.ofSeconds(1), Map.of());
    }

    /** This config with another partition count for a topic the relay creates. */
    public KafkaRelayConfig withPartitions(int value) {
        return new KafkaRelayConfig(bootstrapServers, topic, value, relayName, batchSize, pollTimeout, retryDelay,
                producerProperties);
    }

    /** This config with another relay name. */
    public KafkaRelayConfig withRelayName(String value) {
        return new KafkaRelayConfig(bootstrapServers, topic, partitions, value, batchSize, pollTimeout, retryDelay,
                producerProperties);
    }

    /** This config with another batch size. */
    public KafkaRelayConfig withBatchSize(int value) {
        return new KafkaRelayConfig(bootstrapServers, topic, partitions, relayName, value, pollTimeout, retryDelay,
                producerProperties);
    }

    /** This config with other poll and retry intervals. */
    public KafkaRelayConfig withIntervals(Duration poll, Duration retry) {
        return new KafkaRelayConfig(bootstrapServers, topic, partitions, relayName, batchSize, poll, retry,
                producerProperties);
    }

    /** This config with more producer settings. */
    public KafkaRelayConfig withProducerProperties(Map<String, String> value) {
        return new KafkaRelayConfig(bootstrapServers, topic, partitions, relayName, batchSize, pollTimeout, retryDelay,
                value);
    }

    /** The compacted one-partition topic that holds the relay's progress: {@code <topic>.relay-progress}. */
    public String progressTopic() {
        return topic + ".relay-progress";
    }

    /** The lease the relay's instances share: {@code kafka-relay/<relayName>}. */
    public String leaseName() {
        return "kafka-relay/" + relayName;
    }

    /** The producer's transactional id: {@code readmodel-relay-<relayName>}. */
    public String transactionalId() {
        return "readmodel-relay-" + relayName;
    }

    private static void name(String setting, String value) {
        if (value == null || !TOPIC.matcher(value).matches()) {
            throw new ConfigurationException("Invalid Kafka relay " + setting + " [" + value
                    + "]: expected 1 to 200 letters, digits, '.', '_' or '-'");
        }
    }

    private static void range(String setting, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ConfigurationException("Invalid Kafka relay " + setting + " [" + value + "]: expected "
                    + min + " to " + max);
        }
    }

    private static void duration(String setting, Duration value) {
        if (value == null || value.compareTo(Duration.ofMillis(10)) < 0 || value.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new ConfigurationException("Invalid Kafka relay " + setting + " [" + value
                    + "]: expected 10 ms to 1 min");
        }
    }
}
