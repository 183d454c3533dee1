package dev.readmodel.core.engine;

import dev.readmodel.core.error.CancelledException;
import dev.readmodel.core.error.ProjectionLockedException;
import dev.readmodel.core.error.ReadModelException;
import dev.readmodel.core.spi.ProjectionLock;
import dev.readmodel.core.status.ProjectionState;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease a runner needs from its {@link ProjectionLock} before it applies batches, so that several
 * engine instances can run the same projection for failover. Without a lock this instance is the only
 * one and always holds it. Taken, checked and released under the runner's lock; {@link #runsHere()} may
 * be read by any thread.
 */
final class RunnerLease {
    private static final Logger LOG = LoggerFactory.getLogger(RunnerLease.class);

    /** What a look at the lease found. */
    private enum Hold {
        /** Held since before: go on. */
        HELD,
        /** Just taken: the last holder moved the checkpoint and the documents, so read them again. */
        TAKEN,
        /** Another instance holds it, or the lock could not be asked now (the failure is on the status). */
        NOT_HELD
    }

    private final String projection;
    /** {@code null} when this instance is the only one running the projection. */
    private final ProjectionLock lock;
    private volatile ProjectionLock.Lease lease;

    RunnerLease(String projection, ProjectionLock lock) {
        this.projection = projection;
        this.lock = lock;
    }

    /** Whether this instance applies the projection's batches: no lock is configured, or it holds the lease. */
    boolean runsHere() {
        return lock == null || lease != null;
    }

    /**
     * Whether this instance may apply events now: it holds the lease, or has just taken it and
     * {@code takeOver} (which reads again what the last holder moved: the checkpoint, the documents)
     * succeeded.
     *
     * @throws ReadModelException a permanent failure of the lock
     */
    boolean holdOrTake(RunnerStatus status, BooleanSupplier takeOver) {
        return take(status, takeOver, false);
    }

    /**
     * {@link #holdOrTake}, for an operation that must run on the lease's holder, such as a rebuild.
     *
     * @throws ProjectionLockedException when another instance holds it
     * @throws dev.readmodel.core.error.TransientStoreException when the lock cannot be asked now
     * @throws CancelledException when the runner stopped while taking the lease over
     */
    void require(RunnerStatus status, BooleanSupplier takeOver) {
        if (!take(status, takeOver, true)) {
            throw new ProjectionLockedException("Projection [" + projection + "] is run by another engine "
                    + "instance, which holds its lease: rebuild it there, or stop that instance first");
        }
    }

    /** For an operation, a lock that cannot be asked now and a stop are its failures, not "held elsewhere". */
    private boolean take(RunnerStatus status, BooleanSupplier takeOver, boolean forOperation) {
        Hold hold = hold(status, forOperation);
        if (hold != Hold.TAKEN) {
            return hold == Hold.HELD;
        }
        if (!takeOver.getAsBoolean()) {
            if (forOperation) {
                throw new CancelledException("Projection [" + projection + "] stopped while taking over its lease");
            }
            return false;
        }
        status.state(ProjectionState.CATCHING_UP);
        LOG.info("Projection [{}] took its lease at checkpoint [{}]", projection, status.checkpoint());
        return true;
    }

    /** Checks the lease, or tries to take it; a transient failure of the lock is thrown when {@code rethrow}. */
    private Hold hold(RunnerStatus status, boolean rethrow) {
        if (lock == null) {
            return Hold.HELD;
        }
        if (lease != null) {
            if (lease.isHeld()) {
                return Hold.HELD;
            }
            LOG.warn("Projection [{}] lost its lease at checkpoint [{}]; it waits to take it again", projection,
                    status.checkpoint());
            release();
        }
        Optional<ProjectionLock.Lease> taken;
        try {
            taken = lock.tryAcquire(projection);
        } catch (ReadModelException e) {
            if (!e.isTransient() || rethrow) {
                throw e;
            }
            status.failed(status.checkpoint() + 1, null, e, true);
            return Hold.NOT_HELD;
        }
        if (taken.isEmpty()) {
            status.state(ProjectionState.STANDBY);
            return Hold.NOT_HELD;
        }
        lease = taken.get();
        return Hold.TAKEN;
    }

    void release() {
        if (lease != null) {
            lease.close();
            lease = null;
        }
    }
}
