package dev.readmodel.kafka;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.error.ProjectionFailedException;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.spi.DeliveryGuarantee;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.core.spi.WriteBatch;
import dev.readmodel.kafka.internal.PartitionWork;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one projection as one member of a Kafka consumer group: the instances of a group share the
 * topic's partitions, and Kafka moves partitions between them as they come and go.
 *
 * <p><b>Checkpoints per partition, in the store.</b> Each partition has its own checkpoint, the offset
 * after the last record applied, kept in the read-model store under the name
 * {@link #checkpointName(String, String, int)} and committed with the writes it covers, in one
 * {@link WriteBatch} (one transaction on PostgreSQL). Every assignment starts from the stored checkpoint
 * (a seek), never from Kafka's committed offset, which this consumer neither reads nor writes. A
 * partition's records are applied by one thread at a time, in offset order.
 *
 * <p><b>Guarantee.</b> On a store with {@link dev.readmodel.core.spi.DeliveryGuarantee#ATOMIC} commits,
 * a crash, a kill or a rebalance neither loses a record nor applies one twice: a batch and its checkpoint
 * commit together, and the next owner of the partition resumes after the checkpoint. Not yet covered: an
 * instance that the group has evicted but that still runs (a zombie) may commit one batch it had started
 * after the new owner read the checkpoint; fencing that needs a conditional checkpoint write in the store.
 * Documents must be keyed so that one document gets events of one partition only (the stream id, the
 * relay's record key, is the default).
 *
 * <p>{@link #start()} runs it on a thread of its own; {@link #close()} stops it. Thread-safe.
 */
public final class KafkaProjectionConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaProjectionConsumer.class);

    private final Projection projection;
    private final ReadModelStore store;
    private final KafkaProjectionConfig config;
    private final RecordMapper mapper;
    private final Set<Integer> assigned = new ConcurrentSkipListSet<>();
    private final Map<Integer, Long> lag = new ConcurrentHashMap<>();
    private final Set<TopicPartition> unseeked = new HashSet<>(); // the polling thread only
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile Thread thread;

    /** {@code projection} over records written by {@link KafkaRelay}, into {@code store}. */
    public KafkaProjectionConsumer(Projection projection, ReadModelStore store, KafkaProjectionConfig config) {
        this(projection, store, config, RecordMapper.READMODEL);
    }

    /** {@code projection} over records that {@code mapper} turns into events, into {@code store}. */
    public KafkaProjectionConsumer(Projection projection, ReadModelStore store, KafkaProjectionConfig config,
            RecordMapper mapper) {
        this.projection = Objects.requireNonNull(projection, "projection");
        this.store = Objects.requireNonNull(store, "store");
        this.config = Objects.requireNonNull(config, "config");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /** The name a partition's checkpoint is stored under: {@code <projection>@<topic>/<partition>}. */
    public static String checkpointName(String projection, String topic, int partition) {
        return projection + "@" + topic + "/" + partition;
    }

    /**
     * Prepares the store's read models and starts polling on a thread of its own.
     *
     * @throws ConfigurationException when it was started before
     */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new ConfigurationException("Kafka consumer of projection [" + projection.name() + "] was started before");
        }
        store.prepare(projection.readModels());
        consumer = new KafkaConsumer<>(consumerProperties());
        thread = new Thread(this::run, "readmodel-kafka-" + projection.name());
        thread.setDaemon(true);
        thread.start();
    }

    /** The partitions this instance holds now. */
    public Set<Integer> assignedPartitions() {
        return Set.copyOf(new TreeSet<>(assigned));
    }

    /**
     * Records behind the end of each partition this instance holds, after its last batch: the offsets
     * between the consumer's position and the partition's last committed offset. A partition whose lag the
     * consumer does not know yet is absent.
     */
    public Map<Integer, Long> lag() {
        return Map.copyOf(new TreeMap<>(lag));
    }

    /** The last failure it recovered from (it re-reads the batch from the checkpoint after the retry delay). */
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError.get());
    }

    /** Stops polling, leaves the group (its partitions go to the others) and waits up to 30 s. */
    @Override
    public void close() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        KafkaConsumer<byte[], byte[]> running = consumer;
        if (running != null) {
            running.wakeup();
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        try (KafkaConsumer<byte[], byte[]> kafka = consumer) {
            kafka.subscribe(List.of(config.topic()), new Seeker(kafka));
            while (!stopped.get()) {
                seekPaused(kafka);
                ConsumerRecords<byte[], byte[]> records = kafka.poll(config.pollTimeout());
                for (TopicPartition partition : records.partitions()) {
                    try {
                        apply(partition, records.records(partition));
                    } catch (RuntimeException e) {
                        lastError.set(e.toString());
                        LOG.warn("Kafka consumer of projection [{}] failed on partition [{}]; it reads again from the "
                                + "checkpoint in {}: {}", projection.name(), partition, config.retryDelay(), e.toString());
                        rewind(kafka, partition);
                    }
                }
                for (TopicPartition partition : kafka.assignment()) {
                    OptionalLong behind = kafka.currentLag(partition); // after the batch: what is left to apply
                    if (behind.isPresent()) {
                        lag.put(partition.partition(), behind.getAsLong());
                    }
                }
            }
        } catch (WakeupException | InterruptException | InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            lastError.set(e.toString());
            LOG.error("Kafka consumer of projection [{}] stopped: {}", projection.name(), e.toString(), e);
        } finally {
            assigned.clear();
            lag.clear();
        }
    }

    private void apply(TopicPartition partition, List<ConsumerRecord<byte[], byte[]>> records) {
        // where the checkpoint follows the writes, a batch re-read after a crash in between is skipped by version
        PartitionWork work = new PartitionWork(store, store.guarantee() != DeliveryGuarantee.ATOMIC);
        for (ConsumerRecord<byte[], byte[]> record : records) {
            EventEnvelope event = mapper.toEnvelope(record);
            if (!projection.handledTypes().matches(event.type())) {
                continue;
            }
            work.at(event);
            try {
                projection.apply(event, work);
            } catch (Exception e) {
                throw new ProjectionFailedException(projection.name(), event.position(), event.type(), e);
            }
        }
        long next = records.get(records.size() - 1).offset() + 1;
        store.commit(new WriteBatch(checkpointName(projection.name(), partition.topic(), partition.partition()),
                work.writes(), next, true));
    }

    /** Back to the stored checkpoint after a failed batch, waiting out a store that cannot be read. */
    private void rewind(KafkaConsumer<byte[], byte[]> kafka, TopicPartition partition) throws InterruptedException {
        while (!stopped.get()) {
            Thread.sleep(config.retryDelay().toMillis());
            try {
                seekToCheckpoint(kafka, List.of(partition));
                return;
            } catch (RuntimeException e) {
                lastError.set(e.toString());
            }
        }
    }

    /**
     * Seeks the partitions whose checkpoint could not be read at their assignment, and resumes them; a
     * partition stays paused, reading nothing, until its checkpoint is known.
     */
    private void seekPaused(KafkaConsumer<byte[], byte[]> kafka) throws InterruptedException {
        if (unseeked.isEmpty()) {
            return;
        }
        List<TopicPartition> partitions = List.copyOf(unseeked);
        try {
            seekToCheckpoint(kafka, partitions);
            unseeked.removeAll(partitions);
            kafka.resume(partitions);
        } catch (RuntimeException e) {
            lastError.set(e.toString());
            Thread.sleep(config.retryDelay().toMillis());
        }
    }

    private void seekToCheckpoint(KafkaConsumer<byte[], byte[]> kafka, Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            long checkpoint = store.checkpoint(checkpointName(projection.name(), partition.topic(), partition.partition()));
            if (checkpoint == 0) {
                kafka.seekToBeginning(List.of(partition));
            } else {
                kafka.seek(partition, checkpoint);
            }
        }
    }

    private Properties consumerProperties() {
        Properties props = new Properties();
        props.putAll(config.consumerProperties());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // every partition is read from a seek; one that somehow is not fails instead of starting anywhere, and
        // a checkpoint that retention has deleted past fails too, rather than skipping events
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        // a consumer started before the relay must not create the topic with the broker's default partition count
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(config.maxPollRecords()));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    /** Every assignment starts from the stored checkpoint. Runs on the polling thread, inside poll. */
    private final class Seeker implements ConsumerRebalanceListener {
        private final KafkaConsumer<byte[], byte[]> kafka;

        Seeker(KafkaConsumer<byte[], byte[]> kafka) {
            this.kafka = kafka;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            try {
                seekToCheckpoint(kafka, partitions);
            } catch (RuntimeException e) {
                // without its checkpoint a partition must not be read at all: paused until seekPaused succeeds
                // (a paused partition returns no records; it still needs some position, which that seek replaces)
                lastError.set(e.toString());
                kafka.pause(partitions);
                kafka.seekToBeginning(partitions);
                unseeked.addAll(partitions);
            }
            partitions.forEach(p -> assigned.add(p.partition()));
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // nothing to flush: every batch is committed before the next poll, where revocation happens
            unseeked.removeAll(partitions);
            partitions.forEach(p -> {
                assigned.remove(p.partition());
                lag.remove(p.partition());
            });
        }
    }
}
