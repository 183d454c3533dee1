package dev.readmodel.core.spi;

import dev.readmodel.core.error.CancelledException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;

/**
 * Tells a driver failure that an interrupt caused from one the backend caused, for stores sorting driver
 * errors into transient and permanent: an interrupt is neither, it is a {@link CancelledException}.
 * Thread-safe.
 */
public final class Interrupts {
    private Interrupts() {
    }

    /**
     * Whether {@code failure} or one of its causes is an interrupt ({@link InterruptedException}, an
     * {@link InterruptedIOException} that is not a socket timeout, {@link ClosedByInterruptException}).
     */
    public static boolean causedBy(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedException || cause instanceof ClosedByInterruptException
                    || cause instanceof InterruptedIOException && !(cause instanceof SocketTimeoutException)) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /**
     * A {@link CancelledException} for {@code failure} with {@code message}; sets the current thread's
     * interrupt flag again, which the driver may have cleared.
     */
    public static CancelledException cancelled(String message, Throwable failure) {
        Thread.currentThread().interrupt();
        return new CancelledException(message, failure);
    }
}
