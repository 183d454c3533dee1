package dev.readmodel.kafka.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * What the polling thread remembers of each partition it holds between polls: the checkpoint it read or
 * last committed (the one its next commit must find), when a paused partition is to be sought again, how
 * often in a row its handler failed on one record, and the records it parked. Used by one thread.
 */
public final class PartitionRecovery {
    private static final long MAX_DELAY_MS = 30_000;

    private final long initialDelayMs;
    private final Map<TopicPartition, Long> sought = new HashMap<>();
    private final Map<TopicPartition, Long> dueAt = new HashMap<>();
    private final Map<TopicPartition, Integer> failuresInARow = new HashMap<>();
    private final Map<TopicPartition, long[]> handlerFailures = new HashMap<>(); // {offset, attempts}
    private final Map<TopicPartition, Set<Long>> parked = new HashMap<>();

    /** Retries wait {@code initialDelay}, doubling per failure in a row, up to 30 s. */
    public PartitionRecovery(Duration initialDelay) {
        this.initialDelayMs = initialDelay.toMillis();
    }

    /** {@code partition} now reads from {@code checkpoint}, which its next commit must find stored. */
    public void sought(TopicPartition partition, long checkpoint) {
        sought.put(partition, checkpoint);
        dueAt.remove(partition);
    }

    /** The checkpoint the next commit of {@code partition} must find; empty when it was not sought. */
    public OptionalLong expected(TopicPartition partition) {
        Long value = sought.get(partition);
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    /** A batch of {@code partition} committed up to {@code next}: failures in a row end, parked records before it are done. */
    public void committed(TopicPartition partition, long next) {
        sought.put(partition, next);
        failuresInARow.remove(partition);
        long[] failing = handlerFailures.get(partition);
        if (failing != null && failing[0] < next) {
            handlerFailures.remove(partition);
        }
        Set<Long> offsets = parked.get(partition);
        if (offsets != null) {
            offsets.removeIf(offset -> offset < next);
        }
    }

    /**
     * {@code partition} failed (a batch, a seek, a checkpoint read): it is to be sought again after a
     * backoff, and until then reads nothing.
     *
     * @return the delay chosen
     */
    public Duration failed(TopicPartition partition, long nowMs) {
        int attempt = failuresInARow.merge(partition, 1, Integer::sum);
        long delay = attempt >= 20 ? MAX_DELAY_MS : Math.min(MAX_DELAY_MS, initialDelayMs << (attempt - 1));
        dueAt.put(partition, nowMs + delay);
        return Duration.ofMillis(delay);
    }

    /** How many times in a row the handler has now failed on the record at {@code offset} of {@code partition}. */
    public int handlerFailed(TopicPartition partition, long offset) {
        long[] failing = handlerFailures.get(partition);
        if (failing == null || failing[0] != offset) {
            failing = new long[] {offset, 0};
            handlerFailures.put(partition, failing);
        }
        return (int) ++failing[1];
    }

    /** The record at {@code offset} of {@code partition} is parked: its handler is not run again. */
    public void park(TopicPartition partition, long offset) {
        parked.computeIfAbsent(partition, p -> new HashSet<>()).add(offset);
        handlerFailures.remove(partition);
    }

    /** Whether the record at {@code offset} of {@code partition} was parked. */
    public boolean isParked(TopicPartition partition, long offset) {
        Set<Long> offsets = parked.get(partition);
        return offsets != null && offsets.contains(offset);
    }

    /** The paused partitions whose backoff has passed: to be sought again and resumed. */
    public List<TopicPartition> due(long nowMs) {
        List<TopicPartition> due = new ArrayList<>();
        dueAt.forEach((partition, at) -> {
            if (at <= nowMs) {
                due.add(partition);
            }
        });
        return due;
    }

    /** {@code partition} went to another instance: everything about it is forgotten. */
    public void forget(TopicPartition partition) {
        sought.remove(partition);
        dueAt.remove(partition);
        failuresInARow.remove(partition);
        handlerFailures.remove(partition);
        parked.remove(partition);
    }
}
