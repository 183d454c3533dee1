package dev.readmodel.kafka;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.event.EventEnvelope;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The key a projection's documents are partitioned by: every event that changes one document must give
 * one key, so that one partition, read in order by one instance, holds all of them. The default is the
 * stream id, the key {@link KafkaRelay} publishes under; a projection whose documents combine many
 * streams (sales by day) declares its own and reads a topic that {@link KafkaRepartitioner} re-keys.
 *
 * @param name a short name, part of the re-keyed topic's name ({@code <topic>.by-<name>})
 * @param key the key of an event; {@code null} for an event the projection does not need, which is left out
 */
public record PartitionKey(String name, Function<EventEnvelope, String> key) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,60}");

    /** The stream id: the relay's own key. */
    public static final PartitionKey STREAM_ID = new PartitionKey("stream", EventEnvelope::streamId);

    /** Checks the name. */
    public PartitionKey {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ConfigurationException("Invalid partition key name [" + name
                    + "]: expected 1 to 60 lower-case letters, digits, '_' or '-'");
        }
        Objects.requireNonNull(key, "key");
    }

    /** The topic that holds {@code topic}'s events re-keyed by this key. */
    public String topic(String topic) {
        return topic + ".by-" + name;
    }
}
