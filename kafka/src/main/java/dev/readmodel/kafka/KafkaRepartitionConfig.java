package dev.readmodel.kafka;

import dev.readmodel.core.error.ConfigurationException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Where a {@link KafkaRepartitioner} reads from and how it writes. Validated when built.
 *
 * @param bootstrapServers the brokers, such as {@code 127.0.0.1:19092}
 * @param topic the topic to re-key, usually the relay's
 * @param instanceId this instance among the repartitioners of one topic and key, stable across restarts
 *     (a restarted instance with the same id aborts what its predecessor left open at once)
 * @param partitions partitions of the re-keyed topic when it is created (1 to 10,000)
 * @param maxPollRecords most records one transaction moves (1 to 100,000)
 * @param pollTimeout longest wait of one poll (10 ms to 1 min)
 * @param retryDelay pause after a failed transaction before its records are read again (10 ms to 1 min)
 */
public record KafkaRepartitionConfig(String bootstrapServers, String topic, String instanceId, int partitions,
        int maxPollRecords, Duration pollTimeout, Duration retryDelay) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    /** Checks every component. */
    public KafkaRepartitionConfig {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new ConfigurationException("Invalid Kafka bootstrapServers [" + bootstrapServers
                    + "]: expected host:port[,host:port...]");
        }
        name("topic", topic);
        name("instanceId", instanceId);
        range("partitions", partitions, 10_000);
        range("maxPollRecords", maxPollRecords, 100_000);
        duration("pollTimeout", pollTimeout);
        duration("retryDelay", retryDelay);
    }

    /** Instance {@code instanceId} re-keying {@code topic} into 12 partitions: 500 records, 500 ms poll, 1 s retry. */
    public static KafkaRepartitionConfig of(String bootstrapServers, String topic, String instanceId) {
        return new KafkaRepartitionConfig(bootstrapServers, topic, instanceId, 12, 500, Duration.ofMillis(500),
                Duration.ofSeconds(1));
    }

    /** This config with another partition count for the re-keyed topic. */
    public KafkaRepartitionConfig withPartitions(int value) {
        return new KafkaRepartitionConfig(bootstrapServers, topic, instanceId, value, maxPollRecords, pollTimeout,
                retryDelay);
    }

    /** This config with another transaction size. */
    public KafkaRepartitionConfig withMaxPollRecords(int value) {
        return new KafkaRepartitionConfig(bootstrapServers, topic, instanceId, partitions, value, pollTimeout,
                retryDelay);
    }

    /** The consumer group of the repartitioners of {@code key} over this topic. */
    public String groupId(PartitionKey key) {
        return "readmodel-repartition-" + key.topic(topic);
    }

    private static void name(String setting, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new ConfigurationException("Invalid Kafka repartition " + setting + " [" + value
                    + "]: expected 1 to 200 letters, digits, '.', '_' or '-'");
        }
    }

    private static void range(String setting, int value, int max) {
        if (value < 1 || value > max) {
            throw new ConfigurationException("Invalid Kafka repartition " + setting + " [" + value + "]: expected 1 to "
                    + max);
        }
    }

    private static void duration(String setting, Duration value) {
        if (value == null || value.compareTo(Duration.ofMillis(10)) < 0 || value.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new ConfigurationException("Invalid Kafka repartition " + setting + " [" + value
                    + "]: expected 10 ms to 1 min");
        }
    }
}
