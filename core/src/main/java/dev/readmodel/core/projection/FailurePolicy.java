package dev.readmodel.core.projection;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.status.ProjectionState;

/**
 * What the engine does when a handler keeps failing on an event (transient store errors are retried
 * without limit and do not count here). A closed set of choices.
 */
public sealed interface FailurePolicy {
    /** The default: three retries, then stop at the event. */
    FailurePolicy DEFAULT = fail(3);

    /** How many times the handler is run again, with backoff, before the policy applies. */
    int retries();

    /**
     * Retries, then puts the projection in {@link ProjectionState#FAULTED} at the event with its cause;
     * later events wait; nothing is skipped. Resume with the engine's {@code restart} once fixed.
     */
    static FailurePolicy fail(int retries) {
        return new Fail(retries);
    }

    /**
     * Retries, then parks the event in the dead-letter store with its cause and goes on with the next
     * event. Parked events can be listed and replayed after a fix.
     */
    static FailurePolicy deadLetter(int retries) {
        return new DeadLetter(retries);
    }

    /** See {@link FailurePolicy#fail(int)}. */
    record Fail(int retries) implements FailurePolicy {
        /** Rejects a negative or absurd retry count. */
        public Fail {
            checkRetries(retries);
        }
    }

    /** See {@link FailurePolicy#deadLetter(int)}. */
    record DeadLetter(int retries) implements FailurePolicy {
        /** Rejects a negative or absurd retry count. */
        public DeadLetter {
            checkRetries(retries);
        }
    }

    private static void checkRetries(int retries) {
        if (retries < 0 || retries > 100) {
            throw new ConfigurationException("Invalid handler retries [" + retries + "]: expected 0 to 100");
        }
    }
}
