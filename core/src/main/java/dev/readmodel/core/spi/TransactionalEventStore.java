package dev.readmodel.core.spi;

import dev.readmodel.core.event.AppendResult;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.event.EventStore;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import java.util.List;

/**
 * An event store whose appends can carry other work in the same transaction: inline projections.
 */
public interface TransactionalEventStore extends EventStore {
    /**
     * Appends {@code events} and, before committing, runs {@code participant} with the stored events and
     * the open transaction. If the participant throws, nothing is appended and the exception propagates.
     *
     * @throws dev.readmodel.core.error.WrongExpectedVersionException when the stream is not at {@code expected}
     */
    AppendResult append(String streamId, ExpectedVersion expected, List<NewEvent> events, Participant participant);

    /** Work done inside an append's transaction. */
    @FunctionalInterface
    interface Participant {
        /** Runs with the appended events (positions assigned) and the open transaction. */
        void inTransaction(List<EventEnvelope> appended, StoreTransaction transaction);
    }
}
