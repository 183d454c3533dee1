package dev.readmodel.core.engine;

import dev.readmodel.core.error.CancelledException;
import dev.readmodel.core.error.ProjectionLockedException;
import dev.readmodel.core.error.ReadModelException;
import dev.readmodel.core.event.EventSource;
import dev.readmodel.core.event.StreamHead;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.spi.DeadLetterStore;
import dev.readmodel.core.spi.ProjectionLock;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.core.status.ProjectionState;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one projection on a thread of its own: reads batches from its checkpoint, applies and commits
 * them through {@link ReadApplyLoop}, tails new events. Whether it may work is its {@link RunnerState};
 * what it shows is its {@link RunnerStatus}. A batch runs under the runner's lock, which rebuilds,
 * dead-letter replays and inline appends take through {@link #exclusively}; with a
 * {@link ProjectionLock}, batches run only while this instance holds the projection's lease.
 * Thread-safe.
 */
final class ProjectionRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectionRunner.class);

    private final Projection projection;
    private final ReadModelStore store;
    private final ProjectionMode mode;
    private final EventSource source;
    private final EngineConfig config;
    private final DeadLetterStore deadLetters;
    private final Backoff backoff;
    private final RunnerStatus status;
    private final RunnerState state;
    private final RunnerMarker marker;
    private final RunnerLease lease;
    /** The store, its applier and its cache, which batches use under {@link #batchLock} only. */
    private final ApplyTarget live;
    private final ReentrantLock batchLock = new ReentrantLock();
    /** Resumes an unfinished truncate rebuild found in the store; {@code false} when it must wait. */
    private final Predicate<ProjectionRunner> resumer;
    private final Retrier retrier;
    private final LiveStep step;
    private volatile Thread thread;
    private final Notices notices;

    ProjectionRunner(Projection projection, ReadModelStore store, ProjectionMode mode, EventSource source,
            EngineConfig config, DeadLetterStore deadLetters, ProjectionLock lock, Predicate<ProjectionRunner> resumer,
            ProgressSignal signal, Notices notices) {
        this.projection = projection;
        this.notices = notices;
        this.store = store;
        this.mode = mode;
        this.source = source;
        this.config = config;
        this.deadLetters = deadLetters;
        this.resumer = resumer;
        this.status = new RunnerStatus(projection.name(), mode, signal);
        this.state = new RunnerState(projection.name());
        this.backoff = new Backoff(config.retryInitialDelay(), config.retryMaxDelay());
        this.retrier = new Retrier(status, state, backoff);
        this.marker = new RunnerMarker(projection.name(), store, status);
        this.lease = new RunnerLease(projection.name(), mode == ProjectionMode.INLINE ? null : lock);
        DocumentCache cache = new DocumentCache(mode == ProjectionMode.INLINE ? 0 : config.documentCacheSize());
        // every commit of the live writer, and of a truncate rebuild through it, is announced once it returned
        this.live = new ApplyTarget(new NotifyingWriter(store, notices::committed), newApplier(status, false), cache,
                status);
        this.step = new LiveStep(projection, mode, live, state, marker, retrier, source, config.batchSize());
    }

    /** An applier for this projection that counts on {@code target} (a rebuild's shadow status when {@code rebuild}). */
    BatchApplier newApplier(RunnerStatus target, boolean rebuild) {
        return new BatchApplier(projection, target, deadLetters, backoff, retrier::sleepOrStop, notices, rebuild,
                UpcastingSource.upcasters(source));
    }

    String name() {
        return projection.name();
    }

    Projection projection() {
        return projection;
    }

    ReadModelStore store() {
        return store;
    }

    /** Where this runner's commits and rebuilds are announced. */
    Notices notices() {
        return notices;
    }

    ProjectionMode mode() {
        return mode;
    }

    RunnerStatus status() {
        return status;
    }

    RunnerMarker marker() {
        return marker;
    }

    /**
     * Runs {@code work} under the runner's lock, between two of its batches, with the live target (the
     * store, its applier and cache); nothing else applies to the projection meanwhile.
     */
    <T> T exclusively(Function<ApplyTarget, T> work) {
        batchLock.lock();
        try {
            return work.apply(live);
        } finally {
            batchLock.unlock();
        }
    }

    synchronized void start() {
        if (isRunning()) {
            return; // a restart and a rebuild's end may both ask: one thread per projection
        }
        Thread started = new Thread(this::run, "readmodel-" + projection.name());
        started.setDaemon(true);
        thread = started;
        started.start();
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
        notices.resumed(projection.name(), checkpoint);
        return true;
    }

    /** Reads the rebuild marker again, retrying while the store is unreachable; {@code false} when stopped. */
    boolean refreshMarker() {
        return retryTransient(() -> {
            marker.inspect();
            return Boolean.TRUE;
        }) != null;
    }

    /** Whether this instance applies the projection's batches: no lock is configured, or it holds the lease. */
    boolean runsHere() {
        return lease.runsHere();
    }

    private void run() {
        try {
            if (!loadCheckpoint()) {
                return;
            }
            long catchUpTarget = mode == ProjectionMode.CATCH_UP ? headOrRetry().position() : Long.MAX_VALUE;
            status.state(ProjectionState.CATCHING_UP);
            while (!state.isStopped()) {
                RunnerState.Phase phase = state.phase();
                if (phase == RunnerState.Phase.STOPPED) {
                    break; // stopped since the loop's check: waiting on it would only wait out the poll interval
                }
                if (phase != RunnerState.Phase.ACTIVE) {
                    status.state(state.isFaulted() ? ProjectionState.FAULTED : ProjectionState.PAUSED);
                    state.awaitChange(phase, config.pollInterval().toMillis());
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
                    if (leased && marker.resumePending() && resumer.test(this)) {
                        marker.resumed();
                        continue;
                    }
                    idle = leased && step.run(catchUpTarget);
                } finally {
                    batchLock.unlock();
                }
                if (!leased) {
                    retrier.sleepOrStop(config.pollInterval().toMillis()); // another instance runs it: wait to take over
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
            if (state.isStopped() && e instanceof RuntimeException) {
                Thread.currentThread().interrupt(); // interrupted by the stop, however the store said it
                return;
            }
            LOG.error("Runner of projection [{}] died at checkpoint [{}]", projection.name(), status.checkpoint(), e);
            status.faulted(status.checkpoint() + 1, null, e);
            state.fault();
            return;
        } finally {
            batchLock.lock();
            try {
                lease.release();
            } finally {
                batchLock.unlock();
            }
        }
        status.stopped();
    }

    /** Whether this instance may apply events now; called under the runner's lock. */
    private boolean holdLease() {
        return lease.holdOrTake(status, this::takeOver);
    }

    /**
     * Takes or checks the lease for an operation that must run on its holder, such as a rebuild. Called
     * under the runner's lock.
     *
     * @throws ProjectionLockedException when another instance holds it
     */
    void requireLease() {
        lease.require(status, this::takeOver);
    }

    /** The last holder of the lease moved the checkpoint and the documents: read them again. */
    private boolean takeOver() {
        live.cache().clear();
        return loadCheckpoint();
    }

    /** Waits for new events; a source that reports an outage while waiting is retried like a read. */
    private void awaitEvents() throws InterruptedException {
        try {
            source.awaitEvents(status.checkpoint(), config.pollInterval());
            status.beat();
        } catch (ReadModelException e) {
            retrier.backOff(e, status.retries() + 1);
        }
    }

    private StreamHead headOrRetry() {
        StreamHead head = retrier.retry(source::head);
        return head == null ? StreamHead.EMPTY : head;
    }

    /** Runs {@code action}, retrying transient failures with backoff; {@code null} when stopped meanwhile. */
    <T> T retryTransient(Supplier<T> action) {
        return retrier.retry(action);
    }

    /** Stops applying events after the current batch; a faulted runner stays faulted, and paused after its restart. */
    void pause() {
        state.pause();
    }

    /** Applies events again after {@link #pause}, unless the runner is faulted meanwhile. */
    void resume() {
        state.resume();
    }

    boolean isFaulted() {
        return state.isFaulted();
    }

    /** Stops the projection at a failure already on its status, until {@link #restart}. */
    void fault() {
        state.fault();
    }

    /**
     * Ends a fault because a rebuild replays the projection from scratch: the error is cleared and the
     * runner may work again once the rebuild lets go of its lock. A rebuild that meets the failure again
     * faults it again, naming the event. Starts no thread; whoever runs the rebuild does.
     */
    void endFaultForRebuild() {
        status.clearFault();
        state.clearFault();
    }

    /** Clears a fault so the runner retries the event it stopped at; starts its thread again if it ended. */
    synchronized void restart() {
        status.clearFault();
        state.clearFault();
        if (!isRunning() && !state.isStopped()) {
            if (mode != ProjectionMode.INLINE) {
                start();
            } else {
                status.state(ProjectionState.LIVE);
            }
        }
    }

    boolean isRunning() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    void stop() {
        state.stop();
    }

    void join(long millis) throws InterruptedException {
        Thread t = thread;
        if (t != null) {
            t.join(Math.max(1, millis));
            if (t.isAlive()) {
                LOG.warn("Runner of projection [{}] did not stop within [{}] ms; interrupting it", projection.name(), millis);
                t.interrupt();
                t.join(1000);
            }
        }
        status.stopped();
    }
}
