package dev.readmodel.examples.cli;

import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.memory.InMemoryProjectionLock;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.kafka.KafkaProjectionConfig;
import dev.readmodel.kafka.KafkaProjectionConsumer;
import dev.readmodel.kafka.KafkaProjectionRebuild;
import dev.readmodel.kafka.KafkaProjectionStatus;
import dev.readmodel.kafka.KafkaRelay;
import dev.readmodel.kafka.KafkaRelayConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The examples' projections run through Kafka ({@code --kafka}): a relay publishes the event store to a topic
 * of 6 partitions keyed by stream, and each projection whose documents follow one stream (order summaries,
 * invoice analytics, product search) is consumed by {@code --kafka-instances} members of its own consumer
 * group, writing to the same backends as the engine would. Daily sales and customer activity combine many
 * streams in one document, which partitions cannot share: an engine of their own runs them from the event
 * store. Queries still go through the session's (unstarted) engine.
 */
final class KafkaRun implements AutoCloseable {
    private static final int PARTITIONS = 6;
    /** Projections whose documents take events of many streams, so of many partitions. */
    private static final Set<String> CROSS_STREAM = Set.of("daily-sales", "customer-activity");

    private final Backends backends;
    private final String bootstrap;
    private final String topic;
    private final KafkaRelay relay;
    private final List<KafkaProjectionConsumer> consumers = new ArrayList<>();
    private final ProjectionEngine engine;

    private KafkaRun(Options options, Backends backends) {
        this.backends = backends;
        this.bootstrap = options.kafkaBootstrap();
        this.topic = topic(options, backends.persistent);
        this.relay = new KafkaRelay(backends.events, new InMemoryProjectionLock(),
                KafkaRelayConfig.of(bootstrap, topic).withPartitions(PARTITIONS));
        ProjectionEngine.Builder builder = ProjectionEngine.builder(backends.events).config(Session.CONFIG);
        backends.projections().forEach((projection, store) -> {
            if (CROSS_STREAM.contains(projection.name())) {
                builder.register(projection, store, ProjectionMode.PERSISTENT);
            }
        });
        this.engine = builder.build();
    }

    /** Starts the relay and every projection's consumers. */
    static KafkaRun start(Options options, Backends backends) {
        KafkaRun run = new KafkaRun(options, backends);
        try {
            run.relay.start();
            run.engine.start();
            for (Map.Entry<Projection, ReadModelStore> entry : partitioned(backends).entrySet()) {
                for (int i = 0; i < options.kafkaInstances(); i++) {
                    KafkaProjectionConsumer consumer = new KafkaProjectionConsumer(entry.getKey(), entry.getValue(),
                            config(run.bootstrap, run.topic, entry.getKey()));
                    run.consumers.add(consumer);
                    consumer.start();
                }
            }
            return run;
        } catch (RuntimeException e) {
            run.close();
            throw e;
        }
    }

    /** Waits until the relay has published the whole event store and every partition of every projection is applied. */
    boolean awaitCaughtUp(Duration timeout, PrintWriter err) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (relay.publishedUpTo().orElse(0L) >= backends.events.head().position()
                    && engine.awaitCaughtUp(Duration.ZERO)) {
                long lag = status().stream().mapToLong(KafkaRun::unapplied).sum();
                if (lag == 0) {
                    return true;
                }
                err.printf(Locale.ROOT, "kafka: %,d offsets left to apply%n", lag);
            }
            Thread.sleep(1_000);
        }
        return false;
    }

    /** Every projection's status on the topic. */
    List<KafkaProjectionStatus> status() {
        List<KafkaProjectionStatus> all = new ArrayList<>();
        partitioned(backends).forEach((projection, store) -> all.add(KafkaProjectionStatus.of(store,
                config(bootstrap, topic, projection), projection.name())));
        return all;
    }

    /** Every projection's status on the topic of persistent {@code backends}, from a process that runs none of them. */
    static List<KafkaProjectionStatus> statusOf(Options options, Backends backends) {
        if (!backends.persistent) {
            throw new ConfigurationException("status --kafka needs the PostgreSQL event store (--postgres-url): "
                    + "a history in memory has no topic to look at");
        }
        List<KafkaProjectionStatus> all = new ArrayList<>();
        partitioned(backends).forEach((projection, store) -> all.add(KafkaProjectionStatus.of(store,
                config(options.kafkaBootstrap(), topic(options, true), projection), projection.name())));
        return all;
    }

    /**
     * Rebuilds one stream-keyed projection through Kafka from this process while its instances run elsewhere
     * ({@link KafkaProjectionRebuild}), then prints the summed progress of their replay once a second until
     * every partition is caught up.
     *
     * @return 0 when replayed, or when no instance runs (those started next replay)
     */
    static int rebuild(Options options, Backends backends, String name, PrintWriter out, PrintWriter err)
            throws InterruptedException {
        if (!backends.persistent) {
            throw new ConfigurationException("rebuild --kafka needs the PostgreSQL event store (--postgres-url): "
                    + "a history in memory has no topic and no running instances");
        }
        Map.Entry<Projection, ReadModelStore> entry = partitioned(backends).entrySet().stream()
                .filter(e -> e.getKey().name().equals(name)).findFirst()
                .orElseThrow(() -> new ConfigurationException("rebuild --kafka: [" + name + "] is no projection "
                        + "consumed from Kafka; expected one of " + partitioned(backends).keySet().stream()
                        .map(Projection::name).toList()));
        String topic = topic(options, true);
        KafkaProjectionConfig config = config(options.kafkaBootstrap(), topic, entry.getKey());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.kafkaBootstrap()))) {
            err.printf(Locale.ROOT, "kafka: rebuilding %s; waiting for the instances of group %s to drain%n", name,
                    config.groupId());
            err.flush();
            KafkaProjectionRebuild.State state = KafkaProjectionRebuild.run(entry.getValue(), admin, topic,
                    config.groupId(), entry.getKey());
            while (true) {
                KafkaProjectionStatus status = KafkaProjectionStatus.of(entry.getValue(), admin, topic, config.groupId(),
                        name);
                long instances = status.partitions().stream().flatMap(p -> p.owner().stream()).distinct().count();
                err.printf(Locale.ROOT, "kafka: rebuild %d of %s: %,d of %,d offsets replayed by %d instance(s)%n",
                        state.generation(), name, status.checkpointed(), status.endOffsets(), instances);
                err.flush();
                if (status.rebuilt() || instances == 0) {
                    out.printf(Locale.ROOT, instances == 0
                            ? "rebuild %d of %s: read models emptied and checkpoints reset; no instance runs, those "
                                    + "started next replay%n"
                            : "rebuilt %d of %s through Kafka: %,d offsets on %d partitions%n",
                            state.generation(), name, status.checkpointed(), status.partitions().size());
                    out.flush();
                    return 0;
                }
                Thread.sleep(1_000);
            }
        }
    }

    /** Prints one row per projection: instances, partitions, checkpoints and end offsets summed, lag. */
    static void print(List<KafkaProjectionStatus> statuses, PrintWriter out) {
        TextTable table = new TextTable("projection", "topic", "partitions", "owners", "checkpoints", "end offsets", "lag");
        for (KafkaProjectionStatus status : statuses) {
            long owners = status.partitions().stream().flatMap(p -> p.owner().stream()).distinct().count();
            table.row(status.projection(), status.topic(), status.partitions().size(), owners, status.checkpointed(),
                    status.endOffsets(), status.lag());
        }
        table.print(out);
    }

    /** Offsets left beyond the relay's last commit marker: 0 when every record is applied. */
    private static long unapplied(KafkaProjectionStatus status) {
        return status.partitions().stream().mapToLong(p -> Math.max(0, p.lag() - 1)).sum();
    }

    /** The projections consumed from the topic, each with its store. */
    private static Map<Projection, ReadModelStore> partitioned(Backends backends) {
        Map<Projection, ReadModelStore> partitioned = new LinkedHashMap<>(backends.projections());
        partitioned.keySet().removeIf(projection -> CROSS_STREAM.contains(projection.name()));
        return partitioned;
    }

    /** Persistent events keep their topic (relay and checkpoints resume); a history in memory is new each run. */
    private static String topic(Options options, boolean persistent) {
        return persistent ? "readmodel-examples-" + options.postgresSchema()
                : "readmodel-examples-memory-" + System.currentTimeMillis();
    }

    private static KafkaProjectionConfig config(String bootstrap, String topic, Projection projection) {
        return KafkaProjectionConfig.of(bootstrap, topic, topic + "-" + projection.name());
    }

    @Override
    public void close() {
        consumers.forEach(KafkaProjectionConsumer::close);
        engine.close();
        relay.close();
    }
}
