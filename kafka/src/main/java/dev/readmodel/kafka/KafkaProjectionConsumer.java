package dev.readmodel.kafka;

import dev.readmodel.core.error.CheckpointMovedException;
import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.error.ProjectionFailedException;
import dev.readmodel.core.error.TransientException;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.event.EventTypeMatcher;
import dev.readmodel.core.memory.InMemoryDeadLetterStore;
import dev.readmodel.core.projection.FailurePolicy;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.spi.DeadLetterStore;
import dev.readmodel.core.spi.DeliveryGuarantee;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.core.spi.WriteBatch;
import dev.readmodel.core.status.DeadLetter;
import dev.readmodel.kafka.internal.PartitionEnd;
import dev.readmodel.kafka.internal.PartitionOwners;
import dev.readmodel.kafka.internal.PartitionRecovery;
import dev.readmodel.kafka.internal.PartitionWork;
import dev.readmodel.kafka.internal.PollingStop;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
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
import java.util.concurrent.atomic.AtomicLong;
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
 * commit together, and the next owner of the partition resumes after the checkpoint.
 *
 * <p><b>Zombies are fenced in the store.</b> Each commit is conditional
 * ({@link ReadModelStore#commitIfCheckpoint}): it succeeds only if the partition's stored checkpoint is
 * still the one this instance sought or last committed. An instance the group has evicted (a lost
 * session, a long pause) but that still runs finds the checkpoint moved by the partition's new owner, and
 * its batch is refused, written nowhere ({@link #fencedCommits()}); it drops the batch and reads the
 * checkpoint again, and its next poll tells it the partition is gone. Every commit that succeeds continues
 * from the one before it, so no record is applied twice, whichever instance wins. Atomic on PostgreSQL
 * and in memory; elsewhere see that method.
 *
 * <p><b>Failures.</b> A handler that throws is retried with backoff (the partition paused, the others go
 * on) as often as the projection's {@link FailurePolicy} says; then, under {@code fail}, the partition
 * stops at that record ({@link #faults()}) and, under {@code deadLetter}, the event is parked in the
 * dead-letter store and the partition goes on. A store that cannot be read or written, or a failure
 * outside a batch, is retried with backoff without limit; the polling thread never ends on a failure.
 *
 * <p><b>One partition per document.</b> Kafka orders records within a partition only, so each document
 * must get its events from one partition: its projection keyed like the topic (the relay keys by stream
 * id). The store remembers which partition first wrote each document (one look-up per batch); a batch
 * that writes a document another partition wrote is not committed and its partition stops there
 * ({@link #faults()}, naming the document and both partitions). A projection keyed otherwise (sales by
 * day) reads a topic re-keyed by its own key.
 *
 * <p>{@link #start()} runs it on a thread of its own; {@link #close()} stops it. Thread-safe.
 */
public final class KafkaProjectionConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaProjectionConsumer.class);

    private final Projection projection;
    /** The stored types to read: the handled ones and those the upcasters turn into them. */
    private final EventTypeMatcher readTypes;
    private final ReadModelStore store;
    private final KafkaProjectionConfig config;
    private final RecordMapper mapper;
    private final Set<Integer> assigned = new ConcurrentSkipListSet<>();
    private final Map<Integer, Long> lag = new ConcurrentHashMap<>();
    private final Map<Integer, PartitionFault> faults = new ConcurrentHashMap<>();
    private final AtomicLong fenced = new AtomicLong();
    private final DeadLetterStore deadLetters;
    private final PartitionRecovery recovery; // the polling thread only
    private final PartitionOwners owners;
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
        this(projection, store, config, mapper, new InMemoryDeadLetterStore());
    }

    /**
     * {@code projection} over records that {@code mapper} turns into events, into {@code store}, parking
     * the events its handler keeps failing on in {@code deadLetters} when its failure policy is
     * {@link FailurePolicy#deadLetter(int)}.
     */
    public KafkaProjectionConsumer(Projection projection, ReadModelStore store, KafkaProjectionConfig config,
            RecordMapper mapper, DeadLetterStore deadLetters) {
        this.projection = Objects.requireNonNull(projection, "projection");
        this.store = Objects.requireNonNull(store, "store");
        this.config = Objects.requireNonNull(config, "config");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.recovery = new PartitionRecovery(config.retryDelay());
        this.owners = new PartitionOwners(projection.name(), store);
        this.readTypes = config.upcasters().readTypes(projection.handledTypes());
        projection.handledTypes().exactTypes().forEach(type -> config.upcasters().renamedTo(type).ifPresent(to -> {
            throw new ConfigurationException("Projection [" + projection.name() + "] handles [" + type
                    + "], which the upcasters rename to [" + to + "]: handle [" + to + "] instead");
        }));
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
        store.prepare(List.of(PartitionOwners.MODEL));
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

    /**
     * The partitions this instance stopped reading because the handler kept failing on a record and the
     * projection's failure policy says fail; each waits at that record while this instance holds it.
     */
    public Map<Integer, PartitionFault> faults() {
        return Map.copyOf(new TreeMap<>(faults));
    }

    /**
     * How many batches this instance dropped because their partition's checkpoint had moved when it came to
     * commit them: another instance had taken the partition over (this one was evicted from the group) or a
     * rebuild had reset it.
     */
    public long fencedCommits() {
        return fenced.get();
    }

    /** The last failure it recovered from (it re-reads the batch from the checkpoint after a backoff). */
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError.get());
    }

    /** Stops polling, leaves the group (its partitions go to the others) and waits up to 30 s. */
    @Override
    public void close() {
        if (stopped.compareAndSet(false, true)) {
            PollingStop.wakeAndJoin(consumer, thread);
        }
    }

    private void run() {
        try (KafkaConsumer<byte[], byte[]> kafka = consumer) {
            kafka.subscribe(List.of(config.topic()), new Seeker(kafka));
            int failuresInARow = 0;
            while (!stopped.get()) {
                try {
                    pollOnce(kafka);
                    failuresInARow = 0;
                } catch (WakeupException | InterruptException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // outside a batch (a poll, a seek): nothing was committed; wait and poll again
                    failuresInARow++;
                    long delay = Math.min(30_000, config.retryDelay().toMillis() << Math.min(10, failuresInARow - 1));
                    lastError.set(e.toString());
                    LOG.warn("Kafka consumer of projection [{}] failed outside a batch; it polls again in {} ms: {}",
                            projection.name(), delay, e.toString());
                    Thread.sleep(delay);
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
            faults.clear();
        }
    }

    private void pollOnce(KafkaConsumer<byte[], byte[]> kafka) {
        seekDue(kafka);
        ConsumerRecords<byte[], byte[]> records = kafka.poll(config.pollTimeout());
        for (TopicPartition partition : records.partitions()) {
            if (kafka.paused().contains(partition)) {
                continue; // paused after this poll had fetched it (cannot happen today; cheap to be sure)
            }
            try {
                new PartitionBatch(partition).apply(records.records(partition));
            } catch (CheckpointMovedException e) {
                fenced.incrementAndGet();
                lastError.set(e.toString());
                LOG.warn("Kafka consumer of projection [{}] was fenced on partition [{}]: another instance committed "
                        + "from its checkpoint (this one was evicted from the group, or a rebuild reset it); it drops "
                        + "the batch and reads the checkpoint again: {}", projection.name(), partition, e.getMessage());
                retryLater(kafka, partition);
            } catch (RuntimeException e) {
                lastError.set(e.toString());
                Duration delay = retryLater(kafka, partition);
                LOG.warn("Kafka consumer of projection [{}] failed on partition [{}]; it reads again from the "
                        + "checkpoint in {}: {}", projection.name(), partition, delay, e.toString());
            }
        }
        for (TopicPartition partition : kafka.assignment()) {
            OptionalLong behind = kafka.currentLag(partition); // after the batch: what is left to apply
            if (behind.isPresent()) {
                lag.put(partition.partition(), behind.getAsLong());
            }
        }
    }

    /** Pauses {@code partition} until a backoff has passed; then {@link #seekDue} seeks it to its checkpoint. */
    private Duration retryLater(KafkaConsumer<byte[], byte[]> kafka, TopicPartition partition) {
        kafka.pause(List.of(partition));
        return recovery.failed(partition, System.currentTimeMillis());
    }

    /**
     * Seeks the paused partitions whose backoff has passed to their stored checkpoint and resumes them; a
     * partition whose checkpoint cannot be read stays paused, reading nothing, and is tried again later.
     */
    private void seekDue(KafkaConsumer<byte[], byte[]> kafka) {
        for (TopicPartition partition : recovery.due(System.currentTimeMillis())) {
            if (faults.containsKey(partition.partition())) {
                continue;
            }
            try {
                seekToCheckpoint(kafka, List.of(partition));
                kafka.resume(List.of(partition));
            } catch (RuntimeException e) {
                lastError.set(e.toString());
                recovery.failed(partition, System.currentTimeMillis());
            }
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
            recovery.sought(partition, checkpoint);
        }
    }

    /** One batch of one partition: applied, then committed only if the partition's checkpoint has not moved. */
    private final class PartitionBatch {
        private final TopicPartition partition;

        PartitionBatch(TopicPartition partition) {
            this.partition = partition;
        }

        void apply(List<ConsumerRecord<byte[], byte[]>> records) {
            long expected = recovery.expected(partition).orElseThrow(() -> new IllegalStateException(
                    "Partition [" + partition + "] returned records before it was sought"));
            // where the checkpoint follows the writes, a batch re-read after a crash in between is skipped by version
            PartitionWork work = new PartitionWork(store, store.guarantee() != DeliveryGuarantee.ATOMIC);
            for (ConsumerRecord<byte[], byte[]> record : records) {
                if (recovery.isParked(partition, record.offset())) {
                    continue;
                }
                EventEnvelope event = mapper.toEnvelope(record);
                if (!readTypes.matches(event.type())) {
                    continue;
                }
                try {
                    // upcast first, as an engine does: renamed types, old versions and splits reach the handlers
                    // in their current shape; a split's parts share the record, so they fold into one write each
                    for (EventEnvelope part : config.upcasters().upcast(event)) {
                        work.at(part, record.offset());
                        projection.apply(part, work);
                    }
                } catch (TransientException e) {
                    throw e; // the store, not the handler: retried without limit, not counted against the policy
                } catch (Exception e) {
                    handlerFailed(record, event, e);
                    return;
                }
            }
            PartitionOwners.Checked checked = owners.check(partition, work.writes());
            if (checked.conflict().isPresent()) {
                conflict(checked.conflict().get(), records);
                return;
            }
            long next = records.get(records.size() - 1).offset() + 1;
            // a batch with records after it need not be visible at once (an Elasticsearch refresh per batch is
            // dear): the batch that reaches the partition's end shows it, as an engine's catch-up does
            boolean reachesEnd = PartitionEnd.reached(consumer.currentLag(partition));
            store.commitIfCheckpoint(new WriteBatch(checkpointName(projection.name(), partition.topic(),
                    partition.partition()), checked.writes(), next, reachesEnd), expected);
            recovery.committed(partition, next);
        }

        /** A document written from two partitions: the partition stops at the record that wrote it. */
        private void conflict(PartitionOwners.Conflict conflict, List<ConsumerRecord<byte[], byte[]>> records) {
            ConsumerRecord<byte[], byte[]> at = records.get(0);
            EventEnvelope event = mapper.toEnvelope(at);
            for (ConsumerRecord<byte[], byte[]> record : records) {
                EventEnvelope candidate = mapper.toEnvelope(record);
                if (record.offset() + 1 == conflict.write().version()) { // versions are offsets + 1
                    at = record;
                    event = candidate;
                }
            }
            fault(new PartitionFault(projection.name(), partition.topic(), partition.partition(), at.offset(),
                    event.position(), event.type(), 1, conflict.message()), null);
        }

        private void fault(PartitionFault fault, Exception cause) {
            faults.put(partition.partition(), fault);
            consumer.pause(List.of(partition));
            lastError.set(fault.describe());
            LOG.error(fault.describe(), cause);
        }

        /** Retries with backoff, then follows the projection's failure policy; nothing of the batch is committed. */
        private void handlerFailed(ConsumerRecord<byte[], byte[]> record, EventEnvelope event, Exception cause) {
            ProjectionFailedException failure = new ProjectionFailedException(projection.name(), event.position(),
                    event.type(), cause);
            lastError.set(failure.toString());
            int attempts = recovery.handlerFailed(partition, record.offset());
            FailurePolicy policy = projection.failurePolicy();
            if (attempts <= policy.retries()) {
                Duration delay = retryLater(consumer, partition);
                LOG.warn("Kafka consumer of projection [{}]: handler failed on partition [{}] offset [{}] (attempt {} of {});"
                        + " retried in {}: {}", projection.name(), partition, record.offset(), attempts,
                        policy.retries() + 1, delay, failure.getMessage());
                return;
            }
            if (policy instanceof FailurePolicy.DeadLetter) {
                deadLetters.park(new DeadLetter(projection.name(), event, failure.getMessage(), attempts, Instant.now()));
                recovery.park(partition, record.offset());
                LOG.warn("Kafka consumer of projection [{}] parked the event at position [{}] (partition [{}] offset [{}]) "
                        + "after {} attempts: {}", projection.name(), event.position(), partition, record.offset(),
                        attempts, failure.getMessage());
                retryNow(partition);
                return;
            }
            PartitionFault fault = new PartitionFault(projection.name(), partition.topic(), partition.partition(),
                    record.offset(), event.position(), event.type(), attempts, failure.getMessage());
            fault(fault, cause);
        }

        /** Reads the batch again from the checkpoint at the next poll, without the parked record. */
        private void retryNow(TopicPartition partition) {
            consumer.pause(List.of(partition));
            recovery.failed(partition, 0);
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
            for (TopicPartition partition : partitions) {
                recovery.forget(partition);
                faults.remove(partition.partition());
                try {
                    seekToCheckpoint(kafka, List.of(partition));
                } catch (RuntimeException e) {
                    // without its checkpoint a partition must not be read at all: paused until seekDue succeeds
                    // (a paused partition returns no records; it still needs some position, which that seek replaces)
                    lastError.set(e.toString());
                    kafka.seekToBeginning(List.of(partition));
                    retryLater(kafka, partition);
                }
                assigned.add(partition.partition());
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // nothing to flush: every batch is committed before the next poll, where revocation happens
            partitions.forEach(p -> {
                recovery.forget(p);
                faults.remove(p.partition());
                assigned.remove(p.partition());
                lag.remove(p.partition());
            });
        }
    }
}
