package dev.readmodel.kafka;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a {@link KafkaProjectionConsumer}'s polling thread shows other threads: the partitions it holds,
 * their lag, the faulted ones, the fenced commits and the last error. Written by the polling thread only;
 * read from any thread.
 */
final class ConsumerState {
    private final Set<Integer> assigned = new ConcurrentSkipListSet<>();
    private final Map<Integer, Long> lag = new ConcurrentHashMap<>();
    private final Map<Integer, PartitionFault> faults = new ConcurrentHashMap<>();
    private final AtomicLong fenced = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>();

    void assigned(int partition) {
        assigned.add(partition);
    }

    /** {@code partition} went to another instance: its lag and fault go with it. */
    void revoked(int partition) {
        assigned.remove(partition);
        lag.remove(partition);
        faults.remove(partition);
    }

    void lag(int partition, long behind) {
        lag.put(partition, behind);
    }

    void fault(PartitionFault fault) {
        faults.put(fault.partition(), fault);
        lastError.set(fault.describe());
    }

    void clearFault(int partition) {
        faults.remove(partition);
    }

    boolean faulted(int partition) {
        return faults.containsKey(partition);
    }

    void fenced() {
        fenced.incrementAndGet();
    }

    void error(String description) {
        lastError.set(description);
    }

    /** The polling thread ended: it holds nothing any more. */
    void clear() {
        assigned.clear();
        lag.clear();
        faults.clear();
    }

    Set<Integer> assignedPartitions() {
        return Set.copyOf(assigned); // from the set's array: a TreeSet built while a rebalance removes one fails
    }

    Map<Integer, Long> lagByPartition() {
        return Map.copyOf(lag);
    }

    Map<Integer, PartitionFault> faultsByPartition() {
        return Map.copyOf(faults);
    }

    long fencedCommits() {
        return fenced.get();
    }

    Optional<String> lastError() {
        return Optional.ofNullable(lastError.get());
    }
}
