package dev.readmodel.kafka.internal;

import org.apache.kafka.clients.consumer.KafkaConsumer;

/** How a class that polls Kafka on a thread of its own stops it: wake the poll, then wait for the thread. */
public final class PollingStop {
    /** How long {@link #wakeAndJoin} waits for the thread. */
    public static final long JOIN_MILLIS = 30_000;

    private PollingStop() {
    }

    /**
     * Wakes {@code consumer}'s poll (its thread sees the stop and leaves the group) and waits up to
     * {@link #JOIN_MILLIS} for {@code thread} to end; either may be {@code null} when it never started.
     */
    public static void wakeAndJoin(KafkaConsumer<?, ?> consumer, Thread thread) {
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
