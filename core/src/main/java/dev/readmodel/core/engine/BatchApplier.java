package dev.readmodel.core.engine;

import dev.readmodel.core.error.CancelledException;
import dev.readmodel.core.error.ProjectionFailedException;
import dev.readmodel.core.error.ReadModelException;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.projection.FailurePolicy;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.spi.DeadLetterStore;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.DocumentWriter;
import dev.readmodel.core.spi.WriteBatch;
import dev.readmodel.core.status.BatchTiming;
import dev.readmodel.core.status.DeadLetter;
import dev.readmodel.core.upcast.Upcasters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies a read batch of events to one writer and commits it with its checkpoint, following the
 * projection's failure policy. Transient store errors are retried with backoff until they pass or the
 * runner stops; a handler that fails makes the events before it commit on their own, then is retried
 * alone, then faults the projection or parks the event.
 */
final class BatchApplier {
    /** How a batch ended. */
    enum Outcome {
        COMMITTED, FAULTED, STOPPED
    }

    /** One try at a batch: committed, or the handler of the event at {@code index} failed. */
    private record Attempt(int index, Exception cause) {
        static final Attempt COMMITTED = new Attempt(-1, null);

        boolean committed() {
            return index < 0;
        }
    }

    private final Projection projection;
    private final RunnerStatus status;
    private final DeadLetterStore deadLetters;
    private final Backoff backoff;
    private final Stopping stopping;
    private final Notices timings;
    private final boolean rebuild;
    private final Upcasters upcasters;

    /** Tells a long retry loop to give up because the runner is stopping. */
    @FunctionalInterface
    interface Stopping {
        /** Sleeps up to {@code millis}; returns {@code true} when the caller should stop instead. */
        boolean sleepOrStop(long millis);
    }

    BatchApplier(Projection projection, RunnerStatus status, DeadLetterStore deadLetters, Backoff backoff,
            Stopping stopping) {
        this(projection, status, deadLetters, backoff, stopping, null, false);
    }

    /**
     * @param timings where each committed batch's figures go; {@code null} for none
     * @param rebuild whether this applier fills a rebuild's shadow copies
     */
    BatchApplier(Projection projection, RunnerStatus status, DeadLetterStore deadLetters, Backoff backoff,
            Stopping stopping, Notices timings, boolean rebuild) {
        this(projection, status, deadLetters, backoff, stopping, timings, rebuild, Upcasters.none());
    }

    /** @param upcasters what every event is upcast with before it is decoded */
    BatchApplier(Projection projection, RunnerStatus status, DeadLetterStore deadLetters, Backoff backoff,
            Stopping stopping, Notices timings, boolean rebuild, Upcasters upcasters) {
        this.upcasters = upcasters;
        this.timings = timings;
        this.rebuild = rebuild;
        this.projection = projection;
        this.status = status;
        this.deadLetters = deadLetters;
        this.backoff = backoff;
        this.stopping = stopping;
    }

    /**
     * Applies {@code events} (those of the read that match the projection) and commits them with
     * {@code readUpTo} as the checkpoint.
     */
    Outcome apply(List<EventEnvelope> events, long readUpTo, DocumentWriter writer, DocumentCache cache) {
        return applyPrepared(PreparedEvent.all(projection, upcasters, events), readUpTo, writer, cache);
    }

    /** {@link #apply}, for events already decoded (by the read-ahead thread of a rebuild). */
    Outcome applyPrepared(List<PreparedEvent> events, long readUpTo, DocumentWriter writer, DocumentCache cache) {
        Optional<Attempt> first = attemptRetryingTransient(events, readUpTo, writer, cache, false);
        if (first.isEmpty()) {
            return Outcome.STOPPED;
        }
        Attempt attempt = first.get();
        if (attempt.committed()) {
            return Outcome.COMMITTED;
        }
        int index = attempt.index();
        PreparedEvent failingEvent = events.get(index);
        EventEnvelope failing = failingEvent.event();
        if (index > 0) {
            Outcome before = applyPrepared(events.subList(0, index), failing.position() - 1, writer, cache);
            if (before != Outcome.COMMITTED) {
                return before;
            }
        }
        Exception cause = attempt.cause();
        FailurePolicy policy = projection.failurePolicy();
        for (int retry = 1; retry <= policy.retries(); retry++) {
            status.failed(failing.position(), failing.type(), cause, false);
            if (stopping.sleepOrStop(backoff.delay(retry).toMillis())) {
                return Outcome.STOPPED;
            }
            Optional<Attempt> again = attemptRetryingTransient(List.of(failingEvent), failing.position(), writer, cache, false);
            if (again.isEmpty()) {
                return Outcome.STOPPED;
            }
            if (again.get().committed()) {
                return rest(events, index, readUpTo, writer, cache);
            }
            cause = again.get().cause();
        }
        ProjectionFailedException failure = new ProjectionFailedException(projection.name(), failing.position(),
                failing.type(), cause);
        if (policy instanceof FailurePolicy.DeadLetter) {
            deadLetters.park(new DeadLetter(projection.name(), failing, RunnerStatus.describe(cause),
                    policy.retries() + 1, Instant.now()));
            status.failed(failing.position(), failing.type(), failure, false);
            Optional<Attempt> skip = attemptRetryingTransient(List.of(), failing.position(), writer, cache, false);
            if (skip.isEmpty()) {
                return Outcome.STOPPED;
            }
            return rest(events, index, readUpTo, writer, cache);
        }
        status.faulted(failing.position(), failing.type(), failure);
        return Outcome.FAULTED;
    }

    /**
     * One try, no retries: for inline projections, where a failure must abort the append.
     *
     * @throws ProjectionFailedException naming the event whose handler failed
     */
    void applyOnce(List<EventEnvelope> events, long readUpTo, DocumentWriter writer, DocumentCache cache) {
        Attempt attempt = attempt(PreparedEvent.all(projection, upcasters, events), readUpTo, writer, cache, false);
        if (!attempt.committed()) {
            EventEnvelope failing = events.get(attempt.index());
            throw new ProjectionFailedException(projection.name(), failing.position(), failing.type(), attempt.cause());
        }
    }

    /**
     * Applies one parked event again, even though later events moved its documents' versions past it,
     * without moving the checkpoint. Returns the failure when the handler still fails.
     */
    Optional<Exception> replayParked(EventEnvelope event, DocumentWriter writer, DocumentCache cache) {
        Optional<Attempt> attempt = attemptRetryingTransient(PreparedEvent.all(projection, upcasters, List.of(event)),
                writer.checkpoint(projection.name()),
                writer, cache, true);
        if (attempt.isEmpty()) {
            return Optional.of(new InterruptedException("engine stopping"));
        }
        return Optional.ofNullable(attempt.get().cause());
    }

    private Outcome rest(List<PreparedEvent> events, int index, long readUpTo, DocumentWriter writer,
            DocumentCache cache) {
        List<PreparedEvent> remaining = events.subList(index + 1, events.size());
        if (remaining.isEmpty() && readUpTo == events.get(index).event().position()) {
            return Outcome.COMMITTED;
        }
        return applyPrepared(remaining, readUpTo, writer, cache);
    }

    /** Empty when the runner stopped while a transient failure was being retried. */
    private Optional<Attempt> attemptRetryingTransient(List<PreparedEvent> events, long readUpTo,
            DocumentWriter writer, DocumentCache cache, boolean replayingParked) {
        for (int failures = 1; ; failures++) {
            try {
                return Optional.of(attempt(events, readUpTo, writer, cache, replayingParked));
            } catch (CancelledException e) {
                cache.clear();
                return Optional.empty();
            } catch (ReadModelException e) {
                if (!e.isTransient()) {
                    throw e;
                }
                cache.clear();
                EventEnvelope first = events.isEmpty() ? null : events.get(0).event();
                status.failed(first == null ? readUpTo : first.position(), first == null ? null : first.type(), e, true);
                if (stopping.sleepOrStop(backoff.delay(failures).toMillis())) {
                    return Optional.empty();
                }
            }
        }
    }

    /** One try. Handler and decoding failures come back as an attempt; store failures are thrown. */
    private Attempt attempt(List<PreparedEvent> events, long readUpTo, DocumentWriter writer, DocumentCache cache,
            boolean replayingParked) {
        long started = timings != null && timings.observed() ? System.nanoTime() : 0;
        UnitOfWork work = new UnitOfWork(projection, writer, cache, replayingParked);
        List<Projection.DocumentKey> keys = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            PreparedEvent prepared = events.get(i);
            if (prepared.failure() != null) {
                rethrowIfTransient(prepared.failure());
                return new Attempt(i, prepared.failure());
            }
            if (prepared.application() != null) {
                keys.addAll(prepared.application().keys());
            }
        }
        work.prefetch(keys);
        for (int i = 0; i < events.size(); i++) {
            Projection.Application application = events.get(i).application();
            if (application == null) {
                continue;
            }
            work.begin(application.event());
            try {
                application.applyTo(work);
            } catch (Exception e) {
                rethrowIfTransient(e);
                return new Attempt(i, e);
            }
        }
        long applied = 0;
        List<DocumentWrite> writes;
        boolean visible;
        try {
            work.resolveBlindWrites();
            writes = work.writes();
            visible = readUpTo >= status.headPosition();
            applied = started != 0 ? System.nanoTime() : 0;
            writer.commit(new WriteBatch(projection.name(), writes, readUpTo, visible, work.storeWork()));
        } catch (ProjectionFailedException e) {
            cache.clear(); // rolled back, but the store may have failed after its own reads
            int failed = indexOf(events, e);
            if (failed < 0) {
                throw e;
            }
            return new Attempt(failed, e.getCause() instanceof Exception cause ? cause : e);
        } catch (RuntimeException e) {
            cache.clear(); // the commit's outcome is unknown
            throw e;
        }
        work.publishTo(cache);
        if (started != 0) {
            long committed = System.nanoTime();
            timings.timed(new BatchTiming(projection.name(), events.size(), writes.size(), readUpTo,
                    Duration.ofNanos(applied - started), Duration.ofNanos(committed - applied), rebuild));
        }
        if (!replayingParked) {
            status.committed(readUpTo, events.size(), events.isEmpty() ? null : events.get(events.size() - 1).event(),
                    visible);
        }
        return Attempt.COMMITTED;
    }

    /** The index of the event whose native work the store reports as failed; -1 when it is not in this batch. */
    private int indexOf(List<PreparedEvent> events, ProjectionFailedException failure) {
        if (failure.projection().equals(projection.name())) {
            for (int i = 0; i < events.size(); i++) {
                if (events.get(i).event().position() == failure.position()) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static void rethrowIfTransient(Exception e) {
        if (e instanceof ReadModelException r && r.isTransient()) {
            throw r;
        }
    }
}
