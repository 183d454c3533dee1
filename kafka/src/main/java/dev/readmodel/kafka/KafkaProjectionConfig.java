package dev.readmodel.kafka;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.upcast.Upcasters;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a {@link KafkaProjectionConsumer} reads from. Validated when built.
 *
 * @param bootstrapServers the brokers, such as {@code 127.0.0.1:19092}
 * @param topic the topic of events
 * @param groupId the consumer group: every instance of one projection uses the same, and they share the
 *     topic's partitions
 * @param maxPollRecords most records one poll returns, over all assigned partitions (1 to 100,000)
 * @param pollTimeout longest wait of one poll (10 ms to 1 min)
 * @param retryDelay pause after a failed batch before it is read again from the checkpoint (10 ms to 1 min)
 * @param consumerProperties more consumer settings (security, {@code session.timeout.ms}); those the
 *     guarantee rests on (deserializers, isolation level, auto commit, group id) may not be set here
 * @param upcasters what brings each record's event to its type's current shape before the projection
 *     decodes it, as an engine does in every mode; {@link Upcasters#none()} by default
 */
public record KafkaProjectionConfig(String bootstrapServers, String topic, String groupId, int maxPollRecords,
        Duration pollTimeout, Duration retryDelay, Map<String, String> consumerProperties, Upcasters upcasters) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    private static final Set<String> RESERVED = Set.of("group.id", "enable.auto.commit", "isolation.level",
            "key.deserializer", "value.deserializer", "bootstrap.servers", "auto.offset.reset", "allow.auto.create.topics");

    /** Checks every component. */
    public KafkaProjectionConfig {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new ConfigurationException("Invalid Kafka bootstrapServers [" + bootstrapServers
                    + "]: expected host:port[,host:port...]");
        }
        name("topic", topic);
        name("groupId", groupId);
        if (maxPollRecords < 1 || maxPollRecords > 100_000) {
            throw new ConfigurationException("Invalid Kafka projection maxPollRecords [" + maxPollRecords
                    + "]: expected 1 to 100000");
        }
        duration("pollTimeout", pollTimeout);
        duration("retryDelay", retryDelay);
        consumerProperties = Map.copyOf(Objects.requireNonNull(consumerProperties, "consumerProperties"));
        Objects.requireNonNull(upcasters, "upcasters");
        for (String key : consumerProperties.keySet()) {
            if (RESERVED.contains(key)) {
                throw new ConfigurationException("Kafka projection consumer property [" + key
                        + "] is set by the consumer itself: its exactly-once guarantee rests on it");
            }
        }
    }

    /** A config without upcasters. */
    public KafkaProjectionConfig(String bootstrapServers, String topic, String groupId, int maxPollRecords,
            Duration pollTimeout, Duration retryDelay, Map<String, String> consumerProperties) {
        this(bootstrapServers, topic, groupId, maxPollRecords, pollTimeout, retryDelay, consumerProperties,
                Upcasters.none());
    }

    /** Group {@code groupId} on {@code topic}: polls of up to 500 records, 500 ms poll, 1 s retry. */
    public static KafkaProjectionConfig of(String bootstrapServers, String topic, String groupId) {
        return new KafkaProjectionConfig(bootstrapServers, topic, groupId, 500, Duration.ofMillis(500),
                Duration.ofSeconds(1), Map.of());
    }

    /** This config with another poll size. */
    public KafkaProjectionConfig withMaxPollRecords(int value) {
        return new KafkaProjectionConfig(bootstrapServers, topic, groupId, value, pollTimeout, retryDelay,
                consumerProperties, upcasters);
    }

    /** This config with more consumer settings. */
    public KafkaProjectionConfig withConsumerProperties(Map<String, String> value) {
        return new KafkaProjectionConfig(bootstrapServers, topic, groupId, maxPollRecords, pollTimeout, retryDelay,
                value, upcasters);
    }

    /** This config with {@code value} applied to every record's event before the projection decodes it. */
    public KafkaProjectionConfig withUpcasters(Upcasters value) {
        return new KafkaProjectionConfig(bootstrapServers, topic, groupId, maxPollRecords, pollTimeout, retryDelay,
                consumerProperties, value);
    }

    private static void name(String setting, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new ConfigurationException("Invalid Kafka projection " + setting + " [" + value
                    + "]: expected 1 to 200 letters, digits, '.', '_' or '-'");
        }
    }

    private static void duration(String setting, Duration value) {
        if (value == null || value.compareTo(Duration.ofMillis(10)) < 0 || value.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new ConfigurationException("Invalid Kafka projection " + setting + " [" + value
                    + "]: expected 10 ms to 1 min");
        }
    }
}
