package dev.readmodel.kafka;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.kafka.internal.PollingStop;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-keys a topic of events by a projection's {@link PartitionKey}: reads {@code <topic>} and writes each
 * record, value and headers unchanged, to {@code <topic>.by-<key>} under the projection's key, so that a
 * projection whose documents combine many streams (sales by day) can run on many instances, each document
 * in one partition. Order: the events of one stream keep their order (a stream is in one input partition,
 * read in order by one instance), but events of one key from different streams arrive in the order the
 * instances moved them, not in global position order: a projection keyed by anything but the stream must
 * not depend on the order between streams (sums, counts, latest-by-timestamp do not).
 *
 * <p><b>Exactly once, as Kafka Streams does it.</b> Each poll's records are written and the input
 * offsets committed ({@code sendOffsetsToTransaction}) in one Kafka transaction: after a crash the
 * re-keyed topic holds every record once for a {@code read_committed} consumer, and the next owner of an
 * input partition resumes after the last committed transaction. Instances of one topic and key form a
 * consumer group and share the input partitions; an evicted instance's transaction is refused through the
 * group generation, and a restarted instance with the same {@code instanceId} aborts its predecessor's
 * open transaction at once.
 *
 * <p>{@link #start()} runs it on a thread of its own; {@link #close()} stops it. Thread-safe.
 */
public final class KafkaRepartitioner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaRepartitioner.class);

    private final KafkaRepartitionConfig config;
    private final PartitionKey key;
    private final RecordMapper mapper;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicLong moved = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile Thread thread;

    /** Re-keys records written by {@link KafkaRelay} by {@code key}. */
    public KafkaRepartitioner(KafkaRepartitionConfig config, PartitionKey key) {
        this(config, key, RecordMapper.READMODEL);
    }

    /** Re-keys records that {@code mapper} turns into events by {@code key}. */
    public KafkaRepartitioner(KafkaRepartitionConfig config, PartitionKey key, RecordMapper mapper) {
        this.config = Objects.requireNonNull(config, "config");
        this.key = Objects.requireNonNull(key, "key");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /** The topic it writes: {@code <topic>.by-<key>}. */
    public String outputTopic() {
        return key.topic(config.topic());
    }

    /**
     * Creates the re-keyed topic if it is missing and starts on a thread of its own.
     *
     * @throws ConfigurationException when it was started before, or the broker refuses to create the topic
     */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new ConfigurationException("Kafka repartitioner of [" + outputTopic() + "] was started before");
        }
        ensureTopic();
        consumer = new KafkaConsumer<>(consumerProperties());
        thread = new Thread(this::run, "readmodel-repartition-" + outputTopic());
        thread.setDaemon(true);
        thread.start();
    }

    /** Records written to the re-keyed topic in committed transactions by this instance. */
    public long moved() {
        return moved.get();
    }

    /** The last failure it recovered from (it aborted the transaction and reads its records again). */
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError.get());
    }

    /** Stops, leaves the group and waits up to 30 s; an open transaction is aborted. */
    @Override
    public void close() {
        if (stopped.compareAndSet(false, true)) {
            PollingStop.wakeAndJoin(consumer, thread);
        }
    }

    private void run() {
        try (KafkaConsumer<byte[], byte[]> kafka = consumer;
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties())) {
            producer.initTransactions(); // aborts what an earlier instance with this id left open
            kafka.subscribe(List.of(config.topic()));
            while (!stopped.get()) {
                ConsumerRecords<byte[], byte[]> records = kafka.poll(config.pollTimeout());
                if (records.isEmpty()) {
                    continue;
                }
                try {
                    moved.addAndGet(move(kafka, producer, records));
                } catch (ProducerFencedException e) {
                    throw e;
                } catch (WakeupException | InterruptException e) {
                    producer.abortTransaction();
                    throw e;
                } catch (RuntimeException e) {
                    lastError.set(e.toString());
                    LOG.warn("Kafka repartitioner of [{}] aborted a transaction; it reads its records again in {}: {}",
                            outputTopic(), config.retryDelay(), e.toString());
                    producer.abortTransaction();
                    rewind(kafka, records.partitions());
                    Thread.sleep(config.retryDelay().toMillis());
                }
            }
        } catch (WakeupException | InterruptException | InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            lastError.set(e.toString());
            LOG.error("Kafka repartitioner of [{}] stopped: {}", outputTopic(), e.toString(), e);
        }
    }

    /** One transaction: the records under their new key and the input offsets after them. */
    private int move(KafkaConsumer<byte[], byte[]> kafka, KafkaProducer<byte[], byte[]> producer,
            ConsumerRecords<byte[], byte[]> records) {
        producer.beginTransaction();
        int sent = 0;
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> batch = records.records(partition);
            for (ConsumerRecord<byte[], byte[]> record : batch) {
                EventEnvelope event = mapper.toEnvelope(record);
                String newKey = key.key().apply(event);
                if (newKey != null) {
                    producer.send(new ProducerRecord<>(outputTopic(), null, newKey.getBytes(StandardCharsets.UTF_8),
                            record.value(), record.headers()));
                    sent++;
                }
            }
            offsets.put(partition, new OffsetAndMetadata(batch.get(batch.size() - 1).offset() + 1));
        }
        producer.sendOffsetsToTransaction(offsets, kafka.groupMetadata());
        producer.commitTransaction();
        return sent;
    }

    /** Back to the last committed offsets of {@code partitions}, or their beginning when none. */
    private void rewind(KafkaConsumer<byte[], byte[]> kafka, Set<TopicPartition> partitions) {
        Set<TopicPartition> held = new HashSet<>(partitions);
        held.retainAll(kafka.assignment()); // those revoked meanwhile are read again by their new owner
        Map<TopicPartition, OffsetAndMetadata> committed = kafka.committed(held);
        for (TopicPartition partition : held) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset == null) {
                kafka.seekToBeginning(List.of(partition));
            } else {
                kafka.seek(partition, offset.offset());
            }
        }
    }

    private void ensureTopic() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(outputTopic())) {
                admin.createTopics(List.of(new NewTopic(outputTopic(), config.partitions(), (short) -1)))
                        .all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new ConfigurationException("Kafka refused to create topic [" + outputTopic() + "]: "
                        + e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigurationException("Interrupted while creating topic [" + outputTopic() + "]");
        } catch (TimeoutException e) {
            throw new ConfigurationException("Kafka did not answer within 30 s creating topic [" + outputTopic() + "]");
        }
    }

    private Properties consumerProperties() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId(key));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(config.maxPollRecords()));
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    private Properties producerProperties() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.groupId(key) + "-" + config.instanceId());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "15000");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }
}
