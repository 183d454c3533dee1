package dev.readmodel.core.projection;

/** How the engine runs a projection. */
public enum ProjectionMode {
    /** From its checkpoint to the head at start, then stops. For batch jobs and initial loads. */
    CATCH_UP,
    /**
     * Starts at the head when the engine starts (no history) and tails new events. For views that only
     * matter from now on, such as in-memory caches; its checkpoint is kept but history is never read.
     */
    LIVE,
    /** Resumes from its checkpoint, catches up, then tails new events; survives restarts. The usual mode. */
    PERSISTENT,
    /**
     * Applied in the same transaction as the append that produced the events, through the engine's
     * {@code append}: a read right after the append sees it. Needs an event store and read-model store
     * that share a transaction (the in-memory pair, PostgreSQL). Catches up from its checkpoint at start.
     */
    INLINE
}
