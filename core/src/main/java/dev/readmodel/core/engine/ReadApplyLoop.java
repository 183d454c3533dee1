package dev.readmodel.core.engine;

import dev.readmodel.core.error.CancelledException;
import dev.readmodel.core.event.StreamHead;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * The one loop that reads batches and applies them, for every mode: a live runner's step (one batch at
 * a time, so that its lock is free between batches), an inline projection's catch-up at start and its
 * gap before an append, and a rebuild's replay (read ahead, committed pipelined). What differs is a
 * parameter: the {@link BatchSource}, the {@link ApplyTarget}, and the {@link Plan}. Stateless: each
 * call runs on its caller's thread, which must own the target.
 */
final class ReadApplyLoop {
    /** Why a run ended. */
    enum End {
        /** A read found nothing new after the checkpoint. */
        CAUGHT_UP,
        /** The plan's batch count is done; there may be more. */
        MORE,
        /** The plan's stop condition held, or the applier stopped because the runner is stopping. */
        STOPPED,
        /** The source gave no batch: stopping, or a read failed for now (its failure is on the status). */
        NO_READ,
        /** A handler failed under the fail policy; the fault is on the target's status. */
        FAULTED
    }

    /** How a batch is applied. */
    enum Applying {
        /** Under the projection's failure policy: retries, dead letters or a fault. */
        POLICY,
        /** Once: a handler failure is thrown, to abort the append whose transaction this is. */
        ONCE
    }

    /** Hears of each batch before it is applied and after it committed; on the loop's thread. */
    interface Listener {
        Listener NONE = new Listener() {
        };

        default void reading(BatchSource.Read read) {
        }

        default void committed(BatchSource.Read read) {
        }
    }

    /**
     * How one run goes: how batches are applied, at most how many, when to stop before the next read,
     * and who hears of progress.
     */
    record Plan(Applying applying, int maxBatches, BooleanSupplier stop, Listener listener) {
        static Plan untilCaughtUp(Applying applying) {
            return new Plan(applying, Integer.MAX_VALUE, () -> false, Listener.NONE);
        }
    }

    private ReadApplyLoop() {
    }

    /**
     * Reads after {@code from} and applies batch after batch to {@code target} until the source has
     * nothing new, the plan says stop, or a batch does not commit.
     *
     * @throws InterruptedException when interrupted while waiting for a read
     * @throws dev.readmodel.core.error.ReadModelException a permanent store or source failure, and under
     *     {@link Applying#ONCE} a handler's failure as a {@link dev.readmodel.core.error.ProjectionFailedException}
     */
    static End run(BatchSource reads, ApplyTarget target, long from, Plan plan) throws InterruptedException {
        long checkpoint = from;
        for (int batches = 0; batches < plan.maxBatches(); batches++) {
            if (plan.stop().getAsBoolean()) {
                return End.STOPPED;
            }
            BatchSource.Read read = reads.next(checkpoint);
            if (read == null) {
                return End.NO_READ;
            }
            if (read.head() != null) {
                target.status().head(headAtLeast(read));
            }
            if (read.readUpTo() <= checkpoint) {
                return End.CAUGHT_UP;
            }
            plan.listener().reading(read);
            BatchApplier.Outcome outcome = apply(read, target, plan.applying());
            if (outcome != BatchApplier.Outcome.COMMITTED) {
                return outcome == BatchApplier.Outcome.FAULTED ? End.FAULTED : End.STOPPED;
            }
            checkpoint = read.readUpTo();
            plan.listener().committed(read);
        }
        return End.MORE;
    }

    /**
     * {@link #run} for a source that reads on the caller's thread and does not wait: an interrupt there
     * means the engine is stopping.
     *
     * @throws CancelledException when interrupted all the same
     */
    static End runNow(BatchSource reads, ApplyTarget target, long from, Plan plan) {
        try {
            return run(reads, target, from, plan);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException("Projection [" + target.status().snapshot().projection()
                    + "] was interrupted reading after checkpoint [" + from + "]", e);
        }
    }

    /**
     * The head a read shows: the one read before its batch, or later when the batch holds events appended
     * after it. Otherwise a runner that then blocks in a handler would show no events waiting behind it.
     */
    private static StreamHead headAtLeast(BatchSource.Read read) {
        StreamHead head = read.head();
        if (read.readUpTo() <= head.position()) {
            return head;
        }
        Instant last = read.events().isEmpty() ? head.occurredAt() : read.events().get(read.events().size() - 1).occurredAt();
        return new StreamHead(read.readUpTo(), last.isAfter(head.occurredAt()) ? last : head.occurredAt());
    }

    /** Applies one read to {@code target} and commits it with its {@code readUpTo} as the checkpoint. */
    static BatchApplier.Outcome apply(BatchSource.Read read, ApplyTarget target, Applying applying) {
        BatchApplier applier = target.applier();
        if (applying == Applying.ONCE) {
            applier.applyOnce(read.events(), read.readUpTo(), target.writer(), target.cache());
            return BatchApplier.Outcome.COMMITTED;
        }
        return read.prepared() != null
                ? applier.applyPrepared(read.prepared(), read.readUpTo(), target.writer(), target.cache())
                : applier.apply(read.events(), read.readUpTo(), target.writer(), target.cache());
    }
}
