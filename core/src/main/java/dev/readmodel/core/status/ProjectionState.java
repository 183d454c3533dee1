package dev.readmodel.core.status;

/** Where a projection's runner is. */
public enum ProjectionState {
    /** Registered, not yet reading. */
    STARTING,
    /** Reading history towards the head. */
    CATCHING_UP,
    /** At the head, waiting for new events. */
    LIVE,
    /**
     * Waiting while another engine instance holds the projection's lease (see
     * {@link dev.readmodel.core.spi.ProjectionLock}); takes over when that instance stops or dies.
     */
    STANDBY,
    /** Being rebuilt from the start. */
    REBUILDING,
    /** Paused by an operator; no events are applied until resumed. */
    PAUSED,
    /** Stopped at an event its handler keeps failing on; see the status's last error. */
    FAULTED,
    /** Stopped: a finished catch-up, or the engine closed. */
    STOPPED
}
