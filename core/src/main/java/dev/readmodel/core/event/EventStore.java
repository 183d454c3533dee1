package dev.readmodel.core.event;

import dev.readmodel.core.error.TransientStoreException;
import dev.readmodel.core.error.WrongExpectedVersionException;
import java.util.List;

/**
 * An {@link EventSource} that can be written to: streams with optimistic concurrency. Thread-safe.
 */
public interface EventStore extends EventSource {
    /**
     * Appends {@code events} to {@code streamId} in one transaction, all or nothing.
     *
     * @throws WrongExpectedVersionException when the stream is not at {@code expected}; nothing is written
     * @throws TransientStoreException when the store is unreachable for now; the append may or may not
     *     have been written
     */
    AppendResult append(String streamId, ExpectedVersion expected, List<NewEvent> events);

    /**
     * Appends to several streams in one transaction: all or nothing. Each stream appears at most once.
     *
     * @throws WrongExpectedVersionException for the first stream not at its expected version; nothing is written
     * @throws IllegalArgumentException when a stream appears twice
     */
    List<AppendResult> appendAll(List<StreamAppend> appends);

    /** All events of {@code streamId} in version order; empty when the stream does not exist. */
    List<EventEnvelope> readStream(String streamId);
}
