package dev.readmodel.kafka;

import dev.readmodel.core.error.CheckpointMovedException;
import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.memory.InMemoryDeadLetterStore;
import dev.readmodel.core.projection.FailurePolicy;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.spi.DeadLetterStore;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.core.spi.WriteBatch;
import dev.readmodel.kafka.internal.PartitionOwners;
import dev.readmodel.kafka.internal.PartitionRecovery;
import dev.readmodel.kafka.internal.PollingStop;
import dev.readmodel.kafka.internal.RebuildLedger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
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
 * its batch is refused ({@link #fencedCommits()}); it drops the batch and reads the checkpoint again, and
 * its next poll tells it the partition is gone. What a refusal promises is the store's
 * {@link ReadModelStore#conditionalCommit()}: on PostgreSQL and in memory the batch is written nowhere and
 * every commit that succeeds continues from the one before it; on Elasticsearch exactly one of racing
 * writers moves the checkpoint, and a refused batch's documents may be written already, versioned by
 * offset, so they never replace a newer state; on ClickHouse the checkpoint never moves back, but racing
 * writers may each be told they committed.
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
 * <p><b>Rebuilds while it runs.</b> It follows {@link KafkaProjectionRebuild}: between batches, and always
 * right before a commit, it reads the projection's rebuild state; when a rebuild drains it pauses its
 * partitions, commits nothing more and acknowledges under its {@link #instanceId()}; when the rebuild
 * replays it seeks every partition to its reset checkpoint and resumes.
 *
 * <p>The public class is the API, the polling loop and the wiring; a partition's batch, the seeks and the
 * rebuild states are classes of their own in this package.
 *
 * <p>{@link #start()} runs it on a thread of its own; {@link #close()} stops it. Thread-safe.
 */
public final class KafkaProjectionConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaProjectionConsumer.class);

    private final ConsumerParts parts;
    private final String instanceId;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
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
        Objects.requireNonNull(projection, "projection");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(config, "config");
        this.parts = new ConsumerParts(projection, config.upcasters().readTypes(projection.handledTypes()), store,
                config, Objects.requireNonNull(mapper, "mapper"), Objects.requireNonNull(deadLetters, "deadLetters"),
                new PartitionRecovery(config.retryDelay()), new PartitionOwners(projection.name(), store),
                new ConsumerState());
        projection.handledTypes().exactTypes().forEach(type -> config.upcasters().renamedTo(type).ifPresent(to -> {
            throw new ConfigurationException("Projection [" + projection.name() + "] handles [" + type
                    + "], which the upcasters rename to [" + to + "]: handle [" + to + "] instead");
        }));
        String prefix = config.consumerProperties().getOrDefault(ConsumerConfig.CLIENT_ID_CONFIG,
                "readmodel-" + projection.name());
        this.instanceId = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
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
            throw new ConfigurationException("Kafka consumer of projection [" + parts.projection().name()
                    + "] was started before");
        }
        parts.store().prepare(parts.projection().readModels());
        parts.store().prepare(List.of(parts.owners().model()));
        parts.store().prepare(RebuildLedger.MODELS);
        consumer = new KafkaConsumer<>(consumerProperties());
        thread = new Thread(this::run, "readmodel-kafka-" + parts.projection().name());
        thread.setDaemon(true);
        thread.start();
    }

    /** The projection's name. */
    public String projection() {
        return parts.projection().name();
    }

    /** The topic it consumes. */
    public String topic() {
        return parts.config().topic();
    }

    /**
     * This instance's id, unique per consumer object: the {@code client.id} it joins the group with (the
     * configured {@code client.id}, or {@code readmodel-<projection>}, and a random suffix), by which a
     * {@link KafkaProjectionRebuild} knows the group member and awaits its acknowledgement.
     */
    public String instanceId() {
        return instanceId;
    }

    /** The partitions this instance holds now. */
    public Set<Integer> assignedPartitions() {
        return parts.state().assignedPartitions();
    }

    /**
     * Records behind the end of each partition this instance holds, after its last batch: the offsets
     * between the consumer's position and the partition's last committed offset. A partition whose lag the
     * consumer does not know yet is absent.
     */
    public Map<Integer, Long> lag() {
        return parts.state().lagByPartition();
    }

    /**
     * The partitions this instance stopped reading because the handler kept failing on a record and the
     * projection's failure policy says fail; each waits at that record while this instance holds it.
     */
    public Map<Integer, PartitionFault> faults() {
        return parts.state().faultsByPartition();
    }

    /**
     * How many batches this instance dropped because their partition's checkpoint had moved when it came to
     * commit them: another instance had taken the partition over (this one was evicted from the group) or a
     * rebuild had reset it.
     */
    public long fencedCommits() {
        return parts.state().fencedCommits();
    }

    /** The last failure it recovered from (it re-reads the batch from the checkpoint after a backoff). */
    public Optional<String> lastError() {
        return parts.state().lastError();
    }

    /** Stops polling, leaves the group (its partitions go to the others) and waits up to 30 s. */
    @Override
    public void close() {
        if (stopped.compareAndSet(false, true)) {
            PollingStop.wakeAndJoin(consumer, thread);
        }
    }

    private void run() {
        String projection = parts.projection().name();
        try (KafkaConsumer<byte[], byte[]> kafka = consumer) {
            PartitionSeeker seeker = new PartitionSeeker(parts, kafka);
            RebuildFollower rebuilds = new RebuildFollower(parts, kafka, seeker, instanceId);
            seeker.follow(rebuilds);
            kafka.subscribe(List.of(parts.config().topic()), seeker);
            int failuresInARow = 0;
            while (!stopped.get()) {
                try {
                    pollOnce(kafka, seeker, rebuilds);
                    failuresInARow = 0;
                } catch (WakeupException | InterruptException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // outside a batch (a poll, a seek, the rebuild state): nothing was committed; wait and poll again
                    failuresInARow++;
                    long delay = Math.min(30_000, parts.config().retryDelay().toMillis()
                            << Math.min(10, failuresInARow - 1));
                    parts.state().error(e.toString());
                    LOG.warn("Kafka consumer of projection [{}] failed outside a batch; it polls again in {} ms: {}",
                            projection, delay, e.toString());
                    Thread.sleep(delay);
                }
            }
        } catch (WakeupException | InterruptException | InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            parts.state().error(e.toString());
            LOG.error("Kafka consumer of projection [{}] stopped: {}", projection, e.toString(), e);
        } finally {
            parts.state().clear();
        }
    }

    private void pollOnce(KafkaConsumer<byte[], byte[]> kafka, PartitionSeeker seeker, RebuildFollower rebuilds) {
        // before the first poll too: an instance started while a rebuild drains must not join and read
        rebuilds.checkSometimes();
        seeker.seekDue();
        ConsumerRecords<byte[], byte[]> records = kafka.poll(parts.config().pollTimeout());
        long transitions = rebuilds.transitions();
        for (TopicPartition partition : records.partitions()) {
            if (rebuilds.transitions() != transitions) {
                break; // a rebuild paused or sought every partition: this poll's records are from before it
            }
            if (kafka.paused().contains(partition)) {
                continue; // paused after this poll had fetched it (a failure, a rebuild's drain)
            }
            try {
                new PartitionBatch(parts, kafka, seeker, rebuilds, partition).apply(records.records(partition));
            } catch (CheckpointMovedException e) {
                parts.state().fenced();
                parts.state().error(e.toString());
                LOG.warn("Kafka consumer of projection [{}] was fenced on partition [{}]: another instance committed "
                        + "from its checkpoint (this one was evicted from the group, or a rebuild reset it); it drops "
                        + "the batch and reads the checkpoint again: {}", parts.projection().name(), partition,
                        e.getMessage());
                seeker.retryLater(partition);
            } catch (RuntimeException e) {
                parts.state().error(e.toString());
                Duration delay = seeker.retryLater(partition);
                LOG.warn("Kafka consumer of projection [{}] failed on partition [{}]; it reads again from the "
                        + "checkpoint in {}: {}", parts.projection().name(), partition, delay, e.toString());
            }
        }
        for (TopicPartition partition : kafka.assignment()) {
            OptionalLong behind = kafka.currentLag(partition); // after the batch: what is left to apply
            if (behind.isPresent()) {
                parts.state().lag(partition.partition(), behind.getAsLong());
            }
        }
    }

    private Properties consumerProperties() {
        Properties props = new Properties();
        props.putAll(parts.config().consumerProperties());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, parts.config().bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, parts.config().groupId());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, instanceId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // every partition is read from a seek; one that somehow is not fails instead of starting anywhere, and
        // a checkpoint that retention has deleted past fails too, rather than skipping events
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        // a consumer started before the relay must not create the topic with the broker's default partition count
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(parts.config().maxPollRecords()));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }
}
