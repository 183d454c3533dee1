package dev.readmodel.kafka.metrics;

import dev.readmodel.kafka.KafkaProjectionConsumer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Binds one {@link KafkaProjectionConsumer} to Micrometer, with the names of the engine's meters
 * ({@code readmodel.*}), tagged {@code projection}, {@code topic} and {@code instance} (its
 * {@link KafkaProjectionConsumer#instanceId() instance id}, new with each consumer object, so that two
 * instances in one process keep apart) and the extra tags given:
 *
 * <ul>
 *   <li>{@code readmodel.kafka.partition.lag} (tag {@code partition}): offsets behind the end of each
 *       partition it holds ({@link KafkaProjectionConsumer#lag()}); a partition's gauge is added when the
 *       consumer gets it and removed when it goes, on the next reading of any of these gauges;
 *   <li>{@code readmodel.kafka.lag}: those summed;
 *   <li>{@code readmodel.kafka.partitions.assigned}: how many partitions it holds;
 *   <li>{@code readmodel.kafka.faults}: how many of them stopped at a record ({@link KafkaProjectionConsumer#faults()});
 *   <li>{@code readmodel.kafka.commits.fenced}: a counter of the batches dropped because their checkpoint
 *       had moved ({@link KafkaProjectionConsumer#fencedCommits()}).
 * </ul>
 *
 * <pre>{@code
 * try (KafkaConsumerMetrics metrics = KafkaConsumerMetrics.bind(consumer, registry)) {
 *     ... // until closed, registry has the consumer's meters
 * }
 * }</pre>
 *
 * <p>Thread-safe. A {@link MeterBinder}: {@link #bindTo} may be called for several registries; {@link #close()}
 * removes the meters from every one.
 */
public final class KafkaConsumerMetrics implements MeterBinder, AutoCloseable {
    private final KafkaProjectionConsumer consumer;
    private final Tags tags;
    private final Map<MeterRegistry, Binding> bindings = new HashMap<>();
    private boolean closed;

    private static final class Binding {
        final List<Meter> fixed = new ArrayList<>();
        final Map<Integer, Meter> partitions = new HashMap<>();
    }

    /** Meters for {@code consumer}, with {@code extraTags} besides its own; none bound yet. */
    public KafkaConsumerMetrics(KafkaProjectionConsumer consumer, Iterable<Tag> extraTags) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.tags = Tags.of("projection", consumer.projection(), "topic", consumer.topic(), "instance",
                consumer.instanceId()).and(Objects.requireNonNull(extraTags, "extraTags"));
    }

    /** Meters for {@code consumer}; none bound yet. */
    public KafkaConsumerMetrics(KafkaProjectionConsumer consumer) {
        this(consumer, Tags.empty());
    }

    /** Meters for {@code consumer}, bound to {@code registry}. */
    public static KafkaConsumerMetrics bind(KafkaProjectionConsumer consumer, MeterRegistry registry) {
        KafkaConsumerMetrics metrics = new KafkaConsumerMetrics(consumer);
        metrics.bindTo(registry);
        return metrics;
    }

    /**
     * Registers the meters in {@code registry}; again for a registry bound before does nothing.
     *
     * @throws IllegalStateException when closed
     */
    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        if (closed) {
            throw new IllegalStateException("Meters of the Kafka consumer of projection [" + consumer.projection()
                    + "] were closed");
        }
        if (bindings.containsKey(registry)) {
            return;
        }
        Binding binding = new Binding();
        bindings.put(registry, binding);
        binding.fixed.add(Gauge.builder("readmodel.kafka.lag", () -> {
            sync();
            return consumer.lag().values().stream().mapToLong(Long::longValue).sum();
        }).tags(tags).description("Offsets behind the ends of the partitions this instance holds, summed")
                .register(registry));
        binding.fixed.add(Gauge.builder("readmodel.kafka.partitions.assigned", () -> {
            sync();
            return consumer.assignedPartitions().size();
        }).tags(tags).description("Partitions this instance holds").register(registry));
        binding.fixed.add(Gauge.builder("readmodel.kafka.faults", () -> consumer.faults().size()).tags(tags)
                .description("Partitions this instance holds that stopped at a record the handler kept failing on")
                .register(registry));
        binding.fixed.add(FunctionCounter.builder("readmodel.kafka.commits.fenced", consumer,
                KafkaProjectionConsumer::fencedCommits).tags(tags)
                .description("Batches dropped because their partition's checkpoint had moved").register(registry));
        sync();
    }

    /** Adds the gauges of partitions the consumer got and removes those of partitions it lost. */
    private synchronized void sync() {
        Set<Integer> held = consumer.assignedPartitions();
        bindings.forEach((registry, binding) -> {
            binding.partitions.entrySet().removeIf(entry -> {
                if (held.contains(entry.getKey())) {
                    return false;
                }
                registry.remove(entry.getValue());
                return true;
            });
            for (int partition : held) {
                binding.partitions.computeIfAbsent(partition, p -> Gauge.builder("readmodel.kafka.partition.lag",
                        () -> consumer.lag().getOrDefault(p, 0L)).tags(tags).tag("partition", Integer.toString(p))
                        .description("Offsets behind the end of one partition this instance holds").register(registry));
            }
        });
    }

    /** Removes the meters from every registry they were bound to. */
    @Override
    public synchronized void close() {
        closed = true;
        bindings.forEach((registry, binding) -> {
            binding.fixed.forEach(registry::remove);
            binding.partitions.values().forEach(registry::remove);
        });
        bindings.clear();
    }
}
