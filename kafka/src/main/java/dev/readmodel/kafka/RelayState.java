package dev.readmodel.kafka;

/** What a {@link KafkaRelay} is doing. */
public enum RelayState {
    /** Not started yet. */
    NEW,
    /** Waiting for the lease, which another instance holds (or after a failure, before trying again). */
    STANDBY,
    /** Holding the lease and publishing. */
    ACTIVE,
    /** Closed. */
    STOPPED
}
