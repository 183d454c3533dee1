package dev.readmodel.kafka;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.event.EventBatch;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.event.EventSource;
import dev.readmodel.core.event.EventTypeMatcher;
import dev.readmodel.core.spi.ProjectionLock;
import dev.readmodel.kafka.internal.RelayProgress;
import dev.readmodel.kafka.internal.RelayTopics;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes an event store to a Kafka topic: every event, in position order, keyed by its stream id
 * (so one stream's events stay in one partition, in order), with its position, stream, version and type
 * in headers ({@link EventRecords}).
 *
 * <p><b>Guarantee.</b> A consumer that reads with {@code isolation.level=read_committed} sees every
 * event of the store exactly once. The relay reads the store the way projections do ({@link
 * EventSource#read}, which never skips an event that becomes visible later), and sends each batch in one
 * Kafka transaction together with a progress record saying how far the batch reaches
 * ({@link KafkaRelayConfig#progressTopic()}). A crash at any point leaves either the whole batch and its
 * progress committed, or neither; the next instance resumes after the last committed progress.
 *
 * <p><b>One active instance.</b> Run it on as many machines as you like with the same
 * {@link KafkaRelayConfig#relayName()}: only the holder of the {@link ProjectionLock} lease
 * {@link KafkaRelayConfig#leaseName()} publishes, the others stand by. An instance that holds a lease it
 * has lost without knowing (a zombie) is fenced by Kafka: the new holder's {@code initTransactions()}
 * raises the transactional id's epoch, which aborts the zombie's open transaction and makes its next
 * commit fail.
 *
 * <p>{@link #start()} runs the relay on a thread of its own; {@link #close()} stops it. Thread-safe.
 */
public final class KafkaRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaRelay.class);
    private static final Duration BROKER_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final EventSource source;
    private final ProjectionLock lock;
    private final KafkaRelayConfig config;
    private final RelayProgress progress;
    private final AtomicReference<RelayState> state = new AtomicReference<>(RelayState.NEW);
    private final AtomicLong published = new AtomicLong(-1);
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private volatile Thread thread;
    private boolean topicsReady; // the relay's thread only
    private int failures; // in a row; the relay's thread only

    /** A relay of {@code source} to {@code config}'s topic, single-active under {@code lock}. */
    public KafkaRelay(EventSource source, ProjectionLock lock, KafkaRelayConfig config) {
        this.source = Objects.requireNonNull(source, "source");
        this.lock = Objects.requireNonNull(lock, "lock");
        this.config = Objects.requireNonNull(config, "config");
        this.progress = new RelayProgress(config.progressTopic(), config.relayName());
    }

    /**
     * Starts the relay's thread. It creates the topics when missing, then waits for the lease and publishes.
     *
     * @throws ConfigurationException when the relay was started or closed before
     */
    public synchronized void start() {
        if (!state.compareAndSet(RelayState.NEW, RelayState.STANDBY)) {
            throw new ConfigurationException("Kafka relay [" + config.relayName() + "] cannot start: it is ["
                    + state.get() + "]");
        }
        thread = new Thread(this::run, "readmodel-kafka-relay-" + config.relayName());
        thread.setDaemon(true);
        thread.start();
    }

    /** What the relay is doing now. */
    public RelayState state() {
        return state.get();
    }

    /**
     * The store position up to which this instance has committed events to the topic, or empty while it has
     * not published (a standby; an active one before its first transaction).
     */
    public Optional<Long> publishedUpTo() {
        long value = published.get();
        return value < 0 ? Optional.empty() : Optional.of(value);
    }

    /**
     * The last failure the relay recovered from. It retries after {@link KafkaRelayConfig#retryDelay()},
     * doubled for each further failure in a row (up to 16 times), with jitter.
     */
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError.get());
    }

    /** Stops publishing, gives the lease up and waits up to 30 s for the thread to end. */
    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            if (state.getAndSet(RelayState.STOPPED) == RelayState.STOPPED) {
                return;
            }
            running = thread;
        }
        if (running != null) {
            running.interrupt();
            try {
                running.join(BROKER_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean stopped() {
        return state.get() == RelayState.STOPPED || Thread.currentThread().isInterrupted();
    }

    private void run() {
        while (!stopped()) {
            try {
                if (!topicsReady) {
                    RelayTopics.ensure(config.bootstrapServers(), config.producerProperties(), config.topic(),
                            config.partitions(), config.progressTopic());
                    topicsReady = true; // once: a standby asks for the lease every retryDelay
                }
                Optional<ProjectionLock.Lease> lease = lock.tryAcquire(config.leaseName());
                if (lease.isEmpty()) {
                    Thread.sleep(config.retryDelay().toMillis());
                    continue;
                }
                try (ProjectionLock.Lease held = lease.get()) {
                    publish(held);
                }
            } catch (InterruptedException | InterruptException e) {
                break;
            } catch (Exception e) {
                if (stopped()) {
                    break;
                }
                lastError.set(e.toString());
                Duration delay = backoff(++failures);
                LOG.warn("Kafka relay [{}] failed; it retries in {}: {}", config.relayName(), delay, e.toString());
                if (!pause(delay)) {
                    break;
                }
            } finally {
                published.set(-1);
                state.compareAndSet(RelayState.ACTIVE, RelayState.STANDBY);
            }
        }
    }

    /**
     * The retry delay, doubled for each failure in a row up to 16 times, with jitter: two instances that
     * fence each other in turn (both believe they hold the lease) soon leave one of them time to commit.
     */
    private Duration backoff(int failuresInARow) {
        long base = config.retryDelay().toMillis() << Math.min(failuresInARow - 1, 4);
        return Duration.ofMillis(base / 2 + ThreadLocalRandom.current().nextLong(base + 1));
    }

    private boolean pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** Publishes while the lease holds; any failure ends the producer, and the caller starts over. */
    private void publish(ProjectionLock.Lease lease) throws InterruptedException {
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties());
        try {
            producer.initTransactions(); // fences every earlier instance and ends its open transaction
            long position = progress.read(config.bootstrapServers(), config.producerProperties(), BROKER_TIMEOUT);
            if (!state.compareAndSet(RelayState.STANDBY, RelayState.ACTIVE)) {
                return;
            }
            LOG.info("Kafka relay [{}] active: publishing to [{}] after position [{}]", config.relayName(),
                    config.topic(), position);
            while (!stopped() && lease.isHeld()) {
                EventBatch batch = source.read(position, config.batchSize(), EventTypeMatcher.all());
                if (batch.readUpTo() <= position) {
                    source.awaitEvents(position, config.pollTimeout());
                    continue;
                }
                producer.beginTransaction();
                for (EventEnvelope event : batch.events()) {
                    producer.send(EventRecords.toRecord(config.topic(), event));
                }
                producer.send(progress.record(batch.readUpTo()));
                producer.commitTransaction();
                position = batch.readUpTo();
                published.set(position);
                failures = 0;
            }
        } finally {
            // not close(): it waits without end for sends a lost broker never acknowledges
            producer.close(CLOSE_TIMEOUT);
        }
    }

    private Properties producerProperties() {
        Properties props = new Properties();
        props.putAll(config.producerProperties());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "15000");
        return props;
    }
}
