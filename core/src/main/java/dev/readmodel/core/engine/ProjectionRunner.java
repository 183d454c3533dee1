package dev.readmodel.core.engine;

import dev.readmodel.core.error.CancelledException;
import dev.readmodel.core.error.ProjectionLockedException;
import dev.readmodel.core.error.ReadModelException;
import dev.readmodel.core.event.EventBatch;
import dev.readmodel.core.event.EventSource;
import dev.readmodel.core.event.StreamHead;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.spi.DeadLetterStore;
import dev.readmodel.core.spi.ProjectionLock;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.core.status.ProjectionState;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one projection: reads batches from its checkpoint, applies and commits them, tails new events.
 * A batch runs under {@link #batchLock}, which rebuilds and dead-letter replays take to exclude it.
 * With a {@link ProjectionLock}, batches run only while this instance holds the projection's lease.
 */
final class ProjectionRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectionRunner.class);

    final Projection projection;
    final ReadModelStore store;
    final ProjectionMode mode;
    final RunnerStatus status;
    final DocumentCache cache;
    final BatchApplier applier;
    final ReentrantLock batchLock = new ReentrantLock();

    private final EventSource source;
    private final EngineConfig config;
    private final DeadLetterStore deadLetters;
    private final Backoff backoff;
    /** {@code null} when this instance is the only one running the projection. */
    private final ProjectionLock lock;
    /** The lease held, if any; changed under {@link #batchLock}. */
    private volatile ProjectionLock.Lease lease;
    /** Resumes an unfinished truncate rebuild found in the store; {@code false} when it must wait. */
    private final Predicate<ProjectionRunner> resumer;
    /** A truncate rebuild was found unfinished when the checkpoint was loaded: resume it before batches. */
    private volatile boolean resumePending;
    private final ReentrantLock signalLock = new ReentrantLock();
    private final Condition signal = signalLock.newCondition();
    private volatile boolean stopping;
    private volatile boolean paused;
    private volatile boolean faulted;
    private Thread thread;

    ProjectionRunner(Projection projection, ReadModelStore store, ProjectionMode mode, EventSource source,
            EngineConfig config, DeadLetterStore deadLetters, ProjectionLock lock, Predicate<ProjectionRunner> resumer) {
        this.projection = projection;
        this.resumer = resumer;
        this.lock = mode == ProjectionMode.INLINE ? null : lock;
        this.store = store;
        this.mode = mode;
        this.source = source;
        this.config = config;
        this.deadLetters = deadLetters;
        this.backoff = new Backoff(config.retryInitialDelay(), config.retryMaxDelay());
        this.status = new RunnerStatus(projection.name(), mode);
        this.cache = new DocumentCache(mode == ProjectionMode.INLINE ? 0 : config.documentCacheSize());
        this.applier = newApplier(status);
    }

    BatchApplier newApplier(RunnerStatus target) {
        return new BatchApplier(projection, target, deadLetters, backoff, this::sleepOrStop);
    }

    String name() {
        return projection.name();
    }

    void start() {
        thread = new Thread(this::run, "readmodel-" + projection.name());
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Loads the checkpoint and the rebuild marker, retrying while the store is unreachable; {@code false}
     * when stopped meanwhile.
     */
    boolean loadCheckpoint() {
        Long checkpoint = retryTransient(() -> mode == ProjectionMode.LIVE
                ? Math.max(store.checkpoint(projection.name()), source.head().position())
                : store.checkpoint(projection.name()));
        if (checkpoint == null || !refreshMarker()) {
            return false;
        }
        status.checkpoint(checkpoint);
        return true;
    }

    /** Reads the rebuild marker again, retrying while the store is unreachable; {@code false} when stopped. */
    boolean refreshMarker() {
        return retryTransient(() -> {
            inspectMarker();
            return Boolean.TRUE;
        }) != null;
    }

    /** Reads the rebuild marker from the store into the status, once; an unfinished truncate rebuild is to resume. */
    void inspectMarker() {
        RebuildMarkers.Stored stored = RebuildMarkers.load(store.checkpoints(), projection.name());
        boolean zeroDowntime = stored != null && stored.phase() == RebuildMarkers.Phase.ZERO_DOWNTIME;
        long shadow = zeroDowntime ? RebuildMarkers.shadowPosition(store.checkpoints(), projection.name()) : 0;
        resumePending = stored != null && !zeroDowntime;
        if (stored != null && stored.phase() == RebuildMarkers.Phase.REPLAYING
                && store.checkpoints().load(projection.name()) >= stored.target()) {
            // the replay reached its target and only the clearing of the marker was lost: the read models
            // are whole; the resume on start replays nothing and clears it
            stored = null;
        }
        status.marker(stored, shadow, false);
    }

    /** Stores the marker of a rebuild this engine starts now. */
    void markRebuild(RebuildMarkers.Phase phase, long target) {
        RebuildMarkers.Stored stored = new RebuildMarkers.Stored(phase, target);
        RebuildMarkers.store(store.checkpoints(), projection.name(), stored);
        status.marker(stored, 0, true);
    }

    /** Clears the marker: the read models are whole (rebuilt, swapped in, or never touched). */
    void clearMarker() {
        RebuildMarkers.clear(store.checkpoints(), projection.name());
        status.marker(null, 0, false);
        resumePending = false;
    }

    /** Notes that this engine no longer replays the marker's rebuild (cancelled, faulted, closing). */
    void rebuildStopped() {
        RebuildMarkers.Stored stored = status.marker();
        if (stored != null) {
            status.marker(stored, 0, false);
        }
    }

    boolean resumePending() {
        return resumePending;
    }

    /** Whether this instance applies the projection's batches: no lock is configured, or it holds the lease. */
    boolean runsHere() {
        return lock == null || lease != null;
    }

    private void run() {
        try {
            if (!loadCheckpoint()) {
                return;
            }
            long catchUpTarget = mode == ProjectionMode.CATCH_UP ? headOrRetry().position() : Long.MAX_VALUE;
            status.state(ProjectionState.CATCHING_UP);
            while (!stopping) {
                if (paused || faulted) {
                    status.state(faulted ? ProjectionState.FAULTED : ProjectionState.PAUSED);
                    sleepOrStop(config.pollInterval().toMillis());
                    continue;
                }
                if (!batchLock.tryLock(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
                    status.beat(); // a rebuild or replay holds the lock
                    continue;
                }
                boolean leased;
                boolean idle;
                try {
                    leased = holdLease();
                    if (leased && resumePending && resumer.test(this)) {
                        resumePending = false;
                        continue;
                    }
                    idle = leased && step(catchUpTarget);
                } finally {
                    batchLock.unlock();
                }
                if (!leased) {
                    sleepOrStop(config.pollInterval().toMillis()); // another instance runs it: wait to take over
                    continue;
                }
                if (mode == ProjectionMode.CATCH_UP && status.checkpoint() >= catchUpTarget) {
                    break;
                }
                if (idle) {
                    awaitEvents();
                }
            }
        } catch (InterruptedException | CancelledException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("Runner of projection [{}] died", projection.name(), e);
            status.faulted(status.checkpoint() + 1, null, e);
            faulted = true;
            return;
        } finally {
            releaseLease();
        }
        if (!faulted) {
            status.state(ProjectionState.STOPPED);
        }
    }

    /**
     * Whether this instance may apply events now: no lock is configured, or it holds the lease or has
     * just taken it. On taking it, the checkpoint is read again and the cache dropped, because the last
     * holder moved both. Called under {@link #batchLock}.
     */
    boolean holdLease() {
        if (lock == null) {
            return true;
        }
        if (lease != null) {
            if (lease.isHeld()) {
                return true;
            }
            LOG.warn("Projection [{}] lost its lease at checkpoint {}; it waits to take it again", projection.name(),
                    status.checkpoint());
            lease.close();
            lease = null;
        }
        Optional<ProjectionLock.Lease> taken;
        try {
            taken = lock.tryAcquire(projection.name());
        } catch (ReadModelException e) {
            if (!e.isTransient()) {
                throw e;
            }
            status.failed(status.checkpoint() + 1, null, e, true);
            return false;
        }
        if (taken.isEmpty()) {
            status.state(ProjectionState.STANDBY);
            return false;
        }
        lease = taken.get();
        cache.clear();
        if (!loadCheckpoint()) {
            return false;
        }
        status.state(ProjectionState.CATCHING_UP);
        LOG.info("Projection [{}] took its lease at checkpoint {}", projection.name(), status.checkpoint());
        return true;
    }

    /**
     * Takes or checks the lease for an operation that must run on its holder, such as a rebuild. Called
     * under {@link #batchLock}.
     *
     * @throws ProjectionLockedException when another instance holds it
     */
    void requireLease() {
        if (!holdLease()) {
            throw new ProjectionLockedException("Projection [" + projection.name() + "] is run by another engine "
                    + "instance, which holds its lease: rebuild it there, or stop that instance first");
        }
    }

    private void releaseLease() {
        batchLock.lock();
        try {
            if (lease != null) {
                lease.close();
                lease = null;
            }
        } finally {
            batchLock.unlock();
        }
    }

    /** One read and apply; {@code true} when there was nothing new to read. */
    private boolean step(long catchUpTarget) {
        if (paused || faulted || stopping) {
            return false;
        }
        long checkpoint = status.checkpoint();
        EventBatch batch;
        StreamHead head;
        try {
            head = source.head();
            status.head(head);
            batch = source.read(checkpoint, config.batchSize(), projection.handledTypes());
        } catch (ReadModelException e) {
            backOff(e, status.retries() + 1);
            return false;
        }
        if (batch.readUpTo() <= checkpoint) {
            status.reachedStore();
            if (status.state() != ProjectionState.LIVE && mode != ProjectionMode.CATCH_UP) {
                status.state(ProjectionState.LIVE);
            }
            return true;
        }
        status.state(batch.readUpTo() >= Math.min(head.position(), catchUpTarget) && mode != ProjectionMode.CATCH_UP
                ? ProjectionState.LIVE : ProjectionState.CATCHING_UP);
        try {
            BatchApplier.Outcome outcome = applier.apply(batch.events(), batch.readUpTo(), store, cache);
            RebuildMarkers.Stored marker = status.marker();
            if (outcome == BatchApplier.Outcome.COMMITTED && marker != null && marker.phase() == RebuildMarkers.Phase.REPLAYING
                    && status.checkpoint() >= marker.target()) {
                // a cancelled truncate rebuild, finished by the runner's own batches
                retryTransient(() -> {
                    clearMarker();
                    return Boolean.TRUE;
                });
            }
            if (outcome == BatchApplier.Outcome.FAULTED) {
                faulted = true;
                LOG.error("Projection [{}] is faulted: {}", projection.name(),
                        status.snapshot().lastError().map(e -> e.message()).orElse("?"));
            }
        } catch (CancelledException e) {
            cache.clear(); // interrupted mid-batch: nothing of it was committed
        } catch (RuntimeException e) {
            // a permanent store failure: the batch is not committed; stop here, visibly
            cache.clear();
            status.faulted(batch.events().isEmpty() ? checkpoint + 1 : batch.events().get(0).position(), null, e);
            faulted = true;
            LOG.error("Projection [{}] is faulted by its store [{}]", projection.name(), store.name(), e);
        }
        return false;
    }

    /** Waits for new events; a source that reports an outage while waiting is retried like a read. */
    private void awaitEvents() throws InterruptedException {
        try {
            source.awaitEvents(status.checkpoint(), config.pollInterval());
            status.beat();
        } catch (ReadModelException e) {
            backOff(e, status.retries() + 1);
        }
    }

    /**
     * Records a transient failure and waits out the backoff of its {@code attempt}; rethrows a permanent
     * one. Returns whether the runner is stopping.
     */
    private boolean backOff(ReadModelException e, int attempt) {
        if (e instanceof CancelledException) {
            return true;
        }
        if (!e.isTransient()) {
            throw e;
        }
        status.failed(status.checkpoint() + 1, null, e, true);
        return sleepOrStop(backoff.delay(attempt).toMillis());
    }

    private StreamHead headOrRetry() {
        StreamHead head = retryTransient(source::head);
        return head == null ? StreamHead.EMPTY : head;
    }

    /** Runs {@code action}, retrying transient failures with backoff; {@code null} when stopped meanwhile. */
    <T> T retryTransient(Supplier<T> action) {
        for (int attempt = 1; ; attempt++) {
            try {
                return action.get();
            } catch (ReadModelException e) {
                if (backOff(e, attempt)) {
                    return null;
                }
            }
        }
    }

    /** Sleeps up to {@code millis} unless stopping; returns whether the runner is stopping. */
    boolean sleepOrStop(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        signalLock.lock();
        try {
            long remaining;
            while (!stopping && (remaining = deadline - System.nanoTime()) > 0) {
                signal.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } finally {
            signalLock.unlock();
        }
        status.beat();
        return stopping;
    }

    void pause() {
        paused = true;
    }

    void resume() {
        paused = false;
    }

    boolean isFaulted() {
        return faulted;
    }

    void markFaulted() {
        faulted = true;
    }

    /** Clears a fault so the runner retries the event it stopped at. */
    void restart() {
        status.clearFault();
        faulted = false;
        if (thread == null || !thread.isAlive()) {
            if (mode != ProjectionMode.INLINE) {
                start();
            } else {
                status.state(ProjectionState.LIVE);
            }
        }
    }

    boolean isRunning() {
        return thread != null && thread.isAlive();
    }

    void stop() {
        stopping = true;
        signalLock.lock();
        try {
            signal.signalAll();
        } finally {
            signalLock.unlock();
        }
    }

    void join(long millis) throws InterruptedException {
        if (thread != null) {
            thread.join(Math.max(1, millis));
            if (thread.isAlive()) {
                LOG.warn("Runner of projection [{}] did not stop within {} ms; interrupting it", projection.name(), millis);
                thread.interrupt();
                thread.join(1000);
            }
        }
        if (!faulted) {
            status.state(ProjectionState.STOPPED);
        }
    }
}
