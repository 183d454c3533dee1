package dev.readmodel.kafka;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.Checkpoint;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.kafka.internal.PartitionOwners;
import dev.readmodel.kafka.internal.RebuildLedger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;

/**
 * Rebuilds a partitioned projection from one command while its instances run: it truncates once, resets
 * every partition's checkpoint and lets every instance replay its partitions, with
 * {@link KafkaProjectionStatus} summing their progress.
 *
 * <ol>
 *   <li>It stores the next generation of the projection's rebuild state as {@link Phase#DRAINING}, in the
 *       read-model store beside the read models.
 *   <li>It waits until every current member of the group has acknowledged that generation, describing the
 *       group again while it waits: a member that joins must acknowledge too, one that leaves need not. A
 *       {@link KafkaProjectionConsumer} acknowledges between batches after pausing every partition it holds,
 *       and commits nothing after that.
 *   <li>It resets every partition's checkpoint to 0 and empties the projection's read models and its
 *       documents' partition owners (a table per projection: other projections' owners stay), once.
 *   <li>It stores the generation as {@link Phase#REPLAYING}: each instance seeks its partitions to the reset
 *       checkpoints and resumes; instances started later read the reset checkpoints anyway.
 * </ol>
 *
 * <p>With no member running it proceeds at once. When a member does not acknowledge in time it throws,
 * naming the members it waited for; the state stays {@code DRAINING} (the instances keep their partitions
 * paused) and running it again resumes the same generation. A rebuild that fails after the drain (store
 * down) is completed by running it again too: emptying an empty read model again is harmless.
 *
 * <p><b>Zombies.</b> An instance the group evicted but that still runs (a long pause, a lost session) is no
 * member, so it is not awaited. Two things keep its batches out of the rebuilt read model: every consumer
 * reads the rebuild state right before each commit and drops its batch when a rebuild has begun since, and
 * every commit is conditional on the partition's checkpoint ({@link ReadModelStore#commitIfCheckpoint}), which
 * the reset has moved (a partition whose checkpoint was 0 before is the exception, and there a batch from
 * offset 0 is what the replay writes anyway). The check and the commit are one transaction on PostgreSQL,
 * and there that is the whole guarantee. On Elasticsearch and ClickHouse a zombie paused between its
 * checkpoint check and its writes can still write documents of the old generation into the emptied read
 * models; their versions are offsets, so the replay's writes of lower offsets do not replace them, and a
 * document no later event touches keeps that state. Where that matters (a rebuild after a change of the
 * projection's logic), stop evicted instances before rebuilding on those stores.
 *
 * <p>Stateless; safe to call from any process that reaches the store and the brokers. Run one rebuild of a
 * projection at a time: two runs at once are not refused today, and the second would truncate again
 * while the instances replay.
 */
public final class KafkaProjectionRebuild {
    /** How long {@link #run(ReadModelStore, Admin, String, String, Projection)} waits for acknowledgements. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);
    private static final long TIMEOUT_SECONDS = 30;
    private static final long WAIT_MILLIS = 200;

    /** Where a rebuild of a partitioned projection is. */
    public enum Phase {
        /** The instances pause their partitions and acknowledge; nothing is committed. */
        DRAINING,
        /** The read models were emptied and the checkpoints reset: the instances replay. */
        REPLAYING
    }

    /**
     * The newest rebuild of a partitioned projection.
     *
     * @param generation counts the rebuilds of the projection on its topic, from 1
     * @param phase where it is
     * @param requestedAt when it was asked for
     */
    public record State(long generation, Phase phase, Instant requestedAt) {
        /** Checks every component. */
        public State {
            if (generation < 1) {
                throw new ConfigurationException("Invalid rebuild generation [" + generation + "]: expected 1 or more");
            }
            Objects.requireNonNull(phase, "phase");
            Objects.requireNonNull(requestedAt, "requestedAt");
        }
    }

    private KafkaProjectionRebuild() {
    }

    /**
     * Rebuilds {@code projection} consuming {@code topic} in group {@code groupId} into {@code store}, waiting
     * up to {@link #DEFAULT_TIMEOUT} for the members' acknowledgements.
     *
     * @return the rebuild, now replaying
     * @throws KafkaStatusException when a member did not acknowledge in time (naming it), or the brokers
     *     cannot tell within 30 s
     */
    public static State run(ReadModelStore store, Admin admin, String topic, String groupId, Projection projection) {
        return run(store, admin, topic, groupId, projection, DEFAULT_TIMEOUT);
    }

    /**
     * Rebuilds {@code projection} consuming {@code topic} in group {@code groupId} into {@code store}, waiting
     * up to {@code timeout} for the members' acknowledgements. Blocks until the replay has begun, not until
     * it is done: follow it with {@link KafkaProjectionStatus}.
     *
     * @return the rebuild, now replaying
     * @throws KafkaStatusException when a member did not acknowledge in time (naming it), or the brokers
     *     cannot tell within 30 s
     * @throws ConfigurationException when {@code timeout} is negative
     */
    public static State run(ReadModelStore store, Admin admin, String topic, String groupId, Projection projection,
            Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new ConfigurationException("Invalid rebuild timeout [" + timeout + "] for projection ["
                    + projection.name() + "]: expected 0 or more");
        }
        String name = projection.name();
        ReadModel owners = PartitionOwners.model(name);
        store.prepare(RebuildLedger.MODELS);
        store.prepare(projection.readModels());
        store.prepare(List.of(owners));
        RebuildLedger ledger = new RebuildLedger(store, name, topic);
        Optional<State> current = ledger.state();
        State draining;
        if (current.isPresent() && current.get().phase() == Phase.DRAINING) {
            draining = current.get(); // a run that timed out or failed: resume it
        } else {
            draining = new State(current.map(State::generation).orElse(0L) + 1, Phase.DRAINING,
                    Instant.now().truncatedTo(ChronoUnit.MILLIS));
            ledger.write(draining);
        }
        int partitions;
        try {
            awaitAcknowledged(ledger, admin, groupId, name, draining.generation(), timeout);
            partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaStatusException("Interrupted while rebuilding projection [" + name + "]; its rebuild ["
                    + draining.generation() + "] still drains: run it again", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new KafkaStatusException("Cannot rebuild projection [" + name + "] on topic [" + topic
                    + "] in group [" + groupId + "]; its rebuild [" + draining.generation() + "] still drains: "
                    + cause, cause);
        }
        // every instance holds its partitions paused and commits nothing: the order below is free
        // through the checkpoint store: a reset must win over every stored row, and on ClickHouse a plain commit
        // is versioned by this host's clock, which an earlier rebuild's host may have been ahead of
        for (int p = 0; p < partitions; p++) {
            store.checkpoints().store(new Checkpoint(KafkaProjectionConsumer.checkpointName(name, topic, p), 0));
        }
        List<ReadModel> emptied = new ArrayList<>(projection.readModels());
        emptied.add(owners);
        store.truncate(KafkaProjectionConsumer.checkpointName(name, topic, 0), emptied);
        // a partition not reset would never be replayed into the emptied read models: say so instead
        for (int p = 0; p < partitions; p++) {
            long stored = store.checkpoint(KafkaProjectionConsumer.checkpointName(name, topic, p));
            if (stored != 0) {
                throw new KafkaStatusException("Rebuild [" + draining.generation() + "] of projection [" + name
                        + "] reset the checkpoint of partition [" + topic + "-" + p + "] to 0, but the store still"
                        + " holds [" + stored + "]; its rebuild still drains: run it again", null);
            }
        }
        // the replay runs in the instances, not here: the store must not keep what it turns off for bulk loads
        store.finishRebuild(KafkaProjectionConsumer.checkpointName(name, topic, 0), emptied);
        State replaying = new State(draining.generation(), Phase.REPLAYING, draining.requestedAt());
        ledger.write(replaying);
        return replaying;
    }

    private static void awaitAcknowledged(RebuildLedger ledger, Admin admin, String groupId, String projection,
            long generation, Duration timeout) throws ExecutionException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            TreeSet<String> pending = new TreeSet<>();
            for (MemberDescription member : KafkaProjectionStatus.members(admin, groupId)) {
                pending.add(member.clientId());
            }
            Map<String, Long> acknowledged = ledger.acknowledged(pending);
            pending.removeIf(instance -> acknowledged.getOrDefault(instance, 0L) >= generation);
            if (pending.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new KafkaStatusException("Rebuild [" + generation + "] of projection [" + projection
                        + "]: " + pending.size() + " member(s) of group [" + groupId + "] did not acknowledge within "
                        + timeout + ": " + pending + "; the others keep their partitions paused; run the rebuild again"
                        + " to go on waiting, or stop those members", null);
            }
            Thread.sleep(WAIT_MILLIS);
        }
    }
}
