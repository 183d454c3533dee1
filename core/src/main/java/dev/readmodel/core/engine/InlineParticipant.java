package dev.readmodel.core.engine;

import dev.readmodel.core.error.ProjectionFailedException;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.event.EventSource;
import dev.readmodel.core.event.EventTypeMatcher;
import dev.readmodel.core.spi.DocumentWriter;
import dev.readmodel.core.spi.StoreTransaction;
import dev.readmodel.core.spi.TransactionalEventStore;
import dev.readmodel.core.spi.WriteBatch;
import dev.readmodel.core.status.ProjectionState;
import dev.readmodel.core.status.ProjectionStatus;
import java.util.List;
import java.util.function.Predicate;

/**
 * Runs the inline projections: catches each up when the engine starts, then applies them inside every
 * append's transaction. A handler failure aborts the append: the events and the read-model changes
 * commit together or not at all. Thread-safe: each projection's work runs under its runner's lock.
 */
final class InlineParticipant {
    private final List<ProjectionRunner> runners;
    private final EventSource source;
    private final int batchSize;

    InlineParticipant(List<ProjectionRunner> runners, EventSource source, int batchSize) {
        this.runners = runners;
        this.source = source;
        this.batchSize = batchSize;
    }

    /**
     * Starts an inline projection on the caller's thread: resumes its unfinished rebuild through
     * {@code resumer}, then applies the events appended while the engine was not running. A handler that
     * keeps failing faults it; appends then fail until it is restarted.
     *
     * @throws dev.readmodel.core.error.ReadModelException when the store or the source fails
     */
    static void catchUp(ProjectionRunner runner, EventSource source, int batchSize,
            Predicate<ProjectionRunner> resumer) {
        runner.loadCheckpoint();
        if (runner.marker().resumePending()) {
            resumer.test(runner);
        }
        runner.exclusively(live -> {
            ReadApplyLoop.End end = ReadApplyLoop.runNow(BatchSource.direct(source, runner.projection(), batchSize),
                    live, live.status().checkpoint(), ReadApplyLoop.Plan.untilCaughtUp(ReadApplyLoop.Applying.POLICY));
            if (end == ReadApplyLoop.End.CAUGHT_UP) {
                live.status().state(ProjectionState.LIVE);
            } else {
                runner.fault();
            }
            return end;
        });
    }

    /**
     * What one append did to an inline projection, shown on its live status only once the append's
     * transaction has committed: a checkpoint moved inside the transaction would let {@code awaitPosition}
     * and {@code Consistency.atLeast} pass before the write is readable, and stay moved if it rolled back.
     *
     * @param runner the projection's runner
     * @param progress the checkpoint and counts the append's batches reached
     * @param last the last event the append stored
     */
    record Progress(ProjectionRunner runner, RunnerStatus progress, EventEnvelope last) {
        /** Called once the append has committed; never moves the checkpoint back (appends commit in any order). */
        void publish() {
            ProjectionStatus reached = progress.snapshot();
            runner.exclusively(live -> {
                if (reached.checkpoint() > live.status().checkpoint()) {
                    live.status().committed(reached.checkpoint(), (int) reached.eventsApplied(), last);
                }
                return null;
            });
        }
    }

    /**
     * Empties every inline projection's document cache, before a commit that the append's caller makes
     * later: if it rolls back instead, no document it never committed stays cached (the store's versions
     * would catch such a document, but only by a conflict and a retry).
     */
    void forgetCached() {
        for (ProjectionRunner runner : runners) {
            runner.exclusively(live -> {
                live.cache().clear();
                return null;
            });
        }
    }

    /**
     * The participant of one append: it applies the inline projections in the append's transaction and
     * adds their committed-to-be batches to {@code batches} and their progress to {@code progress}, for the
     * caller to announce and publish once the transaction has committed.
     */
    TransactionalEventStore.Participant collecting(List<WriteBatch> batches, List<Progress> progress) {
        return (appended, transaction) -> inTransaction(appended, transaction, batches, progress);
    }

    private void inTransaction(List<EventEnvelope> appended, StoreTransaction transaction, List<WriteBatch> batches,
            List<Progress> progress) {
        long first = appended.get(0).position();
        EventEnvelope lastEvent = appended.get(appended.size() - 1);
        long last = lastEvent.position();
        for (ProjectionRunner runner : runners) {
            if (runner.isFaulted()) {
                throw new ProjectionFailedException(runner.name(), first, appended.get(0).type(),
                        new IllegalStateException("inline projection is faulted; restart it first"));
            }
            DocumentWriter writer = new NotifyingWriter(runner.store().inTransaction(transaction), batches::add);
            // an append's own events may be of old shapes too: those that upcast into handled types are taken
            EventTypeMatcher reading = UpcastingSource.readTypes(source, runner.projection().handledTypes());
            List<EventEnvelope> matching = appended.stream()
                    .filter(event -> reading.matches(event.type()))
                    .toList();
            RunnerStatus pending = new RunnerStatus(runner.name(), runner.mode());
            runner.exclusively(live -> {
                pending.checkpoint(live.status().checkpoint());
                ApplyTarget target = new ApplyTarget(writer, runner.newApplier(pending, false), live.cache(), pending);
                // Events appended around the engine (directly to the store) are applied first, in order.
                ReadApplyLoop.runNow(BatchSource.before(first, source, runner.projection(), batchSize), target,
                        writer.checkpoint(runner.name()), ReadApplyLoop.Plan.untilCaughtUp(ReadApplyLoop.Applying.ONCE));
                return ReadApplyLoop.apply(new BatchSource.Read(matching, null, last, null), target,
                        ReadApplyLoop.Applying.ONCE);
            });
            progress.add(new Progress(runner, pending, lastEvent));
        }
    }
}
