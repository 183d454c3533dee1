package dev.readmodel.core.memory;

import dev.readmodel.core.error.WrongExpectedVersionException;
import dev.readmodel.core.event.AppendResult;
import dev.readmodel.core.event.EventBatch;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.event.EventTypeMatcher;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.event.StreamAppend;
import dev.readmodel.core.event.StreamHead;
import dev.readmodel.core.spi.TransactionalEventStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An event store in memory: the embedded default and the store for users' unit tests. Positions are
 * assigned under one lock, so they become visible in order. Appends with inline projections run them
 * under the same lock, together with the {@link InMemoryReadModelStore}. Thread-safe; holds every event
 * on the heap.
 */
public final class InMemoryEventStore implements TransactionalEventStore {
    /** Most positions one read scans for matching events before it returns what it has. */
    private static final int MAX_SCAN = 65_536;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    private final Map<String, List<EventEnvelope>> streams = new HashMap<>();
    private volatile EventEnvelope[] log = new EventEnvelope[1024];
    private volatile int size;

    /** Creates an empty store. */
    public InMemoryEventStore() {
    }

    @Override
    public AppendResult append(String streamId, ExpectedVersion expected, List<NewEvent> events) {
        return append(streamId, expected, events, null);
    }

    @Override
    public AppendResult append(String streamId, ExpectedVersion expected, List<NewEvent> events,
            Participant participant) {
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(expected, "expected");
        List<NewEvent> copy = List.copyOf(events);
        lock.lock();
        try {
            List<EventEnvelope> stream = streams.getOrDefault(streamId, List.of());
            long version = stream.size();
            if (!expected.accepts(version)) {
                throw new WrongExpectedVersionException(streamId, expected, version);
            }
            List<EventEnvelope> stored = new ArrayList<>(copy.size());
            long position = size;
            for (NewEvent event : copy) {
                stored.add(new EventEnvelope(++position, streamId, ++version, event.type(), event.eventId(),
                        event.occurredAt(), event.data(), event.metadata()));
            }
            if (participant != null && !stored.isEmpty()) {
                InMemoryTransaction transaction = new InMemoryTransaction();
                participant.inTransaction(stored, transaction);
                transaction.commit();
            }
            publish(streamId, stored);
            return new AppendResult(streamId, version, stored);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<AppendResult> appendAll(List<StreamAppend> appends) {
        lock.lock();
        try {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (StreamAppend append : appends) {
                if (!seen.add(append.streamId())) {
                    throw new IllegalArgumentException("Stream [" + append.streamId() + "] appears twice in one appendAll");
                }
                long version = streams.getOrDefault(append.streamId(), List.of()).size();
                if (!append.expected().accepts(version)) {
                    throw new WrongExpectedVersionException(append.streamId(), append.expected(), version);
                }
            }
            List<AppendResult> results = new ArrayList<>(appends.size());
            for (StreamAppend append : appends) {
                results.add(append(append.streamId(), append.expected(), append.events()));
            }
            return results;
        } finally {
            lock.unlock();
        }
    }

    private void publish(String streamId, List<EventEnvelope> stored) {
        if (stored.isEmpty()) {
            return;
        }
        EventEnvelope[] current = log;
        int newSize = size + stored.size();
        if (newSize > current.length) {
            EventEnvelope[] grown = new EventEnvelope[Math.max(newSize, current.length * 2)];
            System.arraycopy(current, 0, grown, 0, size);
            current = grown;
        }
        for (int i = 0; i < stored.size(); i++) {
            current[size + i] = stored.get(i);
        }
        log = current;
        size = newSize;
        streams.computeIfAbsent(streamId, s -> new ArrayList<>()).addAll(stored);
        appended.signalAll();
    }

    @Override
    public List<EventEnvelope> readStream(String streamId) {
        lock.lock();
        try {
            return List.copyOf(streams.getOrDefault(streamId, List.of()));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public EventBatch read(long afterPosition, int maxCount, EventTypeMatcher types) {
        if (afterPosition < 0 || maxCount < 1) {
            throw new IllegalArgumentException("Invalid read after [" + afterPosition + "] max [" + maxCount + "]");
        }
        // size is written after log, so reading size first sees a log that holds that many events.
        int end = size;
        EventEnvelope[] snapshot = log;
        List<EventEnvelope> events = new ArrayList<>(Math.min(maxCount, 1024));
        long readUpTo = afterPosition;
        int scanned = 0;
        for (long position = afterPosition + 1; position <= end && events.size() < maxCount && scanned < MAX_SCAN;
                position++, scanned++) {
            EventEnvelope event = snapshot[(int) position - 1];
            if (types.matches(event.type())) {
                events.add(event);
            }
            readUpTo = position;
        }
        return new EventBatch(events, readUpTo);
    }

    @Override
    public StreamHead head() {
        int end = size;
        return end == 0 ? StreamHead.EMPTY : new StreamHead(end, log[end - 1].occurredAt());
    }

    @Override
    public void awaitEvents(long afterPosition, Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long nanos = timeout.toNanos();
            while (size <= afterPosition && nanos > 0) {
                nanos = appended.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    /** How many events the store holds. */
    public long size() {
        return size;
    }
}
