package dev.readmodel.core.engine;

import dev.readmodel.core.error.CancelledException;
import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.error.StateException;
import dev.readmodel.core.error.TransientStoreException;
import dev.readmodel.core.event.AppendResult;
import dev.readmodel.core.event.EventSource;
import dev.readmodel.core.event.EventStore;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.spi.AppendTransactions;
import dev.readmodel.core.spi.TransactionalEventStore;
import dev.readmodel.core.spi.WriteBatch;
import dev.readmodel.core.upcast.Upcasters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Appends through the engine: straight to the event store, or, with inline projections, in one
 * transaction with their read-model changes ({@link InlineParticipant}). Thread-safe.
 */
final class AppendPath {
    /** How long a caller-owned append waits for another caller's transaction to end. */
    private static final Duration CALLER_WAIT = Duration.ofSeconds(30);

    private final EventSource source;
    private final EnginePhase phase;
    /** {@code null} when no projection is inline. */
    private final InlineParticipant inline;
    private final Notices notices;
    private final AppendTransactions transactions;
    private final Upcasters upcasters;
    private final ReentrantLock inlineAppends = new ReentrantLock();

    AppendPath(EventSource source, EnginePhase phase, InlineParticipant inline, Notices notices,
            AppendTransactions transactions, Upcasters upcasters) {
        this.upcasters = upcasters;
        this.notices = notices;
        this.transactions = transactions;
        this.source = source;
        this.phase = phase;
        this.inline = inline;
    }

    /**
     * @throws ConfigurationException when the source is not an event store
     * @throws StateException when inline projections have not caught up yet because the engine has not
     *     started, or the engine is closed
     */
    AppendResult append(String streamId, ExpectedVersion expected, List<NewEvent> given) {
        phase.requireOpen();
        List<NewEvent> events = stamped(given);
        if (!(source instanceof EventStore store)) {
            throw new ConfigurationException("The engine reads from [" + source.getClass().getSimpleName()
                    + "], which cannot be appended to");
        }
        if (inline == null) {
            return store.append(streamId, expected, events);
        }
        if (!phase.wasStarted()) {
            throw new StateException("Start the engine before appending: inline projections must catch up first");
        }
        // the inline projections' batches are announced, and their checkpoints moved, once the append's
        // transaction has committed, never before: first the cache drops what they made stale, then the
        // checkpoint that awaitPosition and Consistency.atLeast wait for moves
        // One inline append at a time, transaction and announcement together, so that notices and checkpoints
        // follow commit order: two appends announced by their own threads after committing could be announced
        // in either order. The inline projections' checkpoint rows serialize these transactions anyway.
        boolean callerCommits = transactions.callerOwned();
        if (!callerCommits) {
            inlineAppends.lock();
        } else if (!inlineAppends.isHeldByCurrentThread()) {
            // held until the caller's transaction ends: this transaction keeps the event store's and the
            // checkpoints' row locks until then, and another append that took this lock would wait on them
            acquireForCallerTransaction();
            transactions.afterCompletion(inlineAppends::unlock);
        }
        try {
            List<WriteBatch> committed = new ArrayList<>();
            List<InlineParticipant.Progress> progress = new ArrayList<>();
            AppendResult result = ((TransactionalEventStore) source).append(streamId, expected, events,
                    inline.collecting(committed, progress));
            Runnable announce = () -> {
                committed.forEach(notices::committed);
                progress.forEach(InlineParticipant.Progress::publish);
            };
            if (callerCommits) {
                // the caller commits or rolls back later; no document of an append that may roll back stays cached
                inline.forgetCached();
                transactions.afterCommit(announce);
            } else {
                announce.run();
            }
            return result;
        } finally {
            if (!callerCommits) {
                inlineAppends.unlock();
            }
        }
    }

    private void acquireForCallerTransaction() {
        try {
            if (!inlineAppends.tryLock(CALLER_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TransientStoreException("An append with inline projections waited " + CALLER_WAIT.toSeconds()
                        + " s for another caller's transaction to end; it holds the inline appends until it commits or"
                        + " rolls back: keep such transactions short", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException("Interrupted while waiting for another caller's transaction to end", e);
        }
    }

    /**
     * {@code events} with their type's current schema version where they name none: an application appends
     * events in their current shape, and without the version the upcasters would take them for version 1.
     */
    private List<NewEvent> stamped(List<NewEvent> events) {
        if (upcasters.isEmpty()) {
            return events;
        }
        List<NewEvent> stamped = new ArrayList<>(events.size());
        for (NewEvent event : events) {
            stamped.add(event.metadata() != null && event.metadata().has(Upcasters.VERSION_KEY) ? event
                    : upcasters.stamp(event));
        }
        return stamped;
    }
}
