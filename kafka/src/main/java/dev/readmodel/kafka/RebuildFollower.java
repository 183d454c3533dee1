package dev.readmodel.kafka;

import dev.readmodel.kafka.internal.RebuildLedger;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How one {@link KafkaProjectionConsumer} takes part in a {@link KafkaProjectionRebuild}: between batches
 * (at most every {@link #CHECK_MILLIS} while idle, and always right before a commit) it reads the
 * projection's rebuild state. On a new generation that is draining it pauses every partition it holds,
 * commits nothing more and then acknowledges the generation; on a newer generation that replays it seeks
 * every partition to its stored checkpoint (reset by the rebuild) and resumes. The acknowledgement is
 * written between batches and nothing is committed after it, so no batch of an instance that acknowledged
 * lands after the rebuild's truncate. Used by the polling thread only.
 */
final class RebuildFollower {
    /** Longest time between two reads of the rebuild state while nothing is committed. */
    static final long CHECK_MILLIS = 500;
    private static final Logger LOG = LoggerFactory.getLogger(KafkaProjectionConsumer.class);

    private final ConsumerParts parts;
    private final KafkaConsumer<byte[], byte[]> kafka;
    private final PartitionSeeker seeker;
    private final RebuildLedger ledger;
    private final String instance;
    /** The newest generation whose replay this instance follows; -1 before the state was first read. */
    private long adopted = -1;
    /** The generation this instance drains for, or -1. */
    private long draining = -1;
    private long acknowledged = -1;
    private long checkedAt;
    private long transitions;

    RebuildFollower(ConsumerParts parts, KafkaConsumer<byte[], byte[]> kafka, PartitionSeeker seeker, String instance) {
        this.parts = parts;
        this.kafka = kafka;
        this.seeker = seeker;
        this.instance = instance;
        this.ledger = new RebuildLedger(parts.store(), parts.projection().name(), parts.config().topic());
    }

    /** Whether this instance holds its partitions paused for a rebuild. */
    boolean draining() {
        return draining >= 0;
    }

    /**
     * How many times this instance paused or sought its partitions for a rebuild: records a poll returned
     * before a change are not to be applied after it.
     */
    long transitions() {
        return transitions;
    }

    /** Reads the rebuild state when the last read is older than {@link #CHECK_MILLIS}, and follows it. */
    void checkSometimes() {
        if (adopted < 0 || System.currentTimeMillis() - checkedAt >= CHECK_MILLIS) {
            check();
        }
    }

    /**
     * Reads the rebuild state and follows it; whether a batch read before may be committed now: not while
     * draining, and not when this read paused or sought the partitions.
     *
     * @throws RuntimeException when the store cannot be read; the batch is not committed
     */
    boolean mayCommit() {
        long before = transitions;
        check();
        return !draining() && transitions == before;
    }

    private void check() {
        Optional<KafkaProjectionRebuild.State> found = ledger.state();
        checkedAt = System.currentTimeMillis();
        if (found.isEmpty()) {
            adopted = Math.max(adopted, 0);
            return;
        }
        KafkaProjectionRebuild.State state = found.get();
        if (adopted < 0) {
            // just started: a replay under way is the one its first seeks follow; a drain must be joined
            adopted = state.phase() == KafkaProjectionRebuild.Phase.REPLAYING ? state.generation()
                    : state.generation() - 1;
        }
        if (state.generation() <= adopted) {
            return;
        }
        if (state.phase() == KafkaProjectionRebuild.Phase.DRAINING) {
            if (draining != state.generation()) {
                draining = state.generation();
                transitions++;
                kafka.pause(kafka.assignment());
                LOG.info("Kafka consumer [{}] of projection [{}] drains for rebuild [{}]: its partitions {} paused",
                        instance, parts.projection().name(), state.generation(), partitions());
            }
            if (acknowledged != state.generation()) {
                ledger.acknowledge(instance, state.generation());
                acknowledged = state.generation();
            }
            return;
        }
        adopted = state.generation();
        draining = -1;
        transitions++;
        List<TopicPartition> sought = seeker.startOver(kafka.assignment());
        kafka.resume(sought);
        LOG.info("Kafka consumer [{}] of projection [{}] replays for rebuild [{}] from the reset checkpoints of {}",
                instance, parts.projection().name(), state.generation(), partitions());
    }

    private Object partitions() {
        return kafka.assignment().stream().map(TopicPartition::partition).sorted().toList();
    }
}
