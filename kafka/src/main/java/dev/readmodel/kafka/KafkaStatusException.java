package dev.readmodel.kafka;

/** The brokers could not tell where a partitioned projection stands (unreachable, timed out, no such topic). */
public final class KafkaStatusException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failure with its cause. */
    public KafkaStatusException(String message, Throwable cause) {
        super(message, cause);
    }
}
