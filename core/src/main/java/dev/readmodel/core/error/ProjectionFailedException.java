package dev.readmodel.core.error;

import dev.readmodel.core.status.ProjectionState;

/**
 * A projection's handler failed on an event, after the configured retries. The projection is
 * {@link ProjectionState#FAULTED} at that position (or the event was parked, under the dead-letter
 * policy). The cause is the handler's exception.
 */
public final class ProjectionFailedException extends PermanentException {
    private static final long serialVersionUID = 1L;

    private final String projection;
    private final long position;
    private final String eventType;

    /** Creates the exception for {@code projection} failing on the event at {@code position}. */
    public ProjectionFailedException(String projection, long position, String eventType, Throwable cause) {
        super("Projection [" + projection + "] failed on event [" + eventType + "] at position [" + position
                + "]: " + describe(cause), cause);
        this.projection = projection;
        this.position = position;
        this.eventType = eventType;
    }

    /** Name of the projection that failed. */
    public String projection() {
        return projection;
    }

    /** Global position of the event the handler failed on. */
    public long position() {
        return position;
    }

    /** Type of the event the handler failed on. */
    public String eventType() {
        return eventType;
    }

    static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
