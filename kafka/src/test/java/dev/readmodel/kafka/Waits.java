package dev.readmodel.kafka;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting in the Kafka ITs: for a condition, up to a bound that only a broken run reaches. */
final class Waits {
    /** What a test waits at most; a condition that holds returns at once. */
    static final Duration LIMIT = Duration.ofSeconds(90);

    private Waits() {
    }

    /** Waits until {@code condition} holds, polling every 50 ms; fails naming {@code what} after {@link #LIMIT}. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, condition, () -> "");
    }

    /** As {@link #await(String, BooleanSupplier)}, adding {@code state} to the failure's message. */
    static void await(String what, BooleanSupplier condition, Supplier<String> state) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Waited " + LIMIT.toSeconds() + " s for: " + what + state.get());
            }
            Thread.sleep(50);
        }
    }
}
