package dev.readmodel.core.spi;

import java.util.Optional;

/**
 * Lets one engine instance at a time run a projection when several run the same projections against
 * the same stores (for failover). An instance applies a projection's events only while it holds that
 * projection's lease; the others wait in {@link dev.readmodel.core.status.ProjectionState#STANDBY} and one takes
 * the lease over when its holder stops or dies. Implementations are thread-safe.
 */
public interface ProjectionLock {
    /**
     * Takes the lease of {@code projection} for this instance if no other instance holds it.
     *
     * @return the lease, or empty when another instance holds it
     * @throws dev.readmodel.core.error.TransientStoreException when the lock's store cannot be reached
     */
    Optional<Lease> tryAcquire(String projection);

    /** A held lease. It ends when closed, or when the lock's store loses it (the holder's session died). */
    interface Lease extends AutoCloseable {
        /**
         * Whether this instance still holds the lease. The engine asks before every batch and stops
         * applying when it is lost; a store failure counts as lost.
         */
        boolean isHeld();

        /** Gives the lease up; does nothing when it is already lost. */
        @Override
        void close();
    }
}
