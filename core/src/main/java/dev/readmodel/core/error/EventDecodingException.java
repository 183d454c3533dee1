package dev.readmodel.core.error;

/**
 * An event's JSON data could not be decoded into the requested class, or could not be upcast to the
 * current version of its type. The message names the event position, type, stream, and the target class
 * or the event's schema version; the cause, when there is one, is Jackson's or the upcaster's exception.
 */
public final class EventDecodingException extends PermanentException {
    private static final long serialVersionUID = 1L;

    private final long position;
    private final String eventType;
    private final int schemaVersion;

    /** Creates the exception for the event at {@code position} of type {@code eventType}. */
    public EventDecodingException(long position, String eventType, String streamId, Class<?> target,
            Throwable cause) {
        super("Could not decode event [" + eventType + "] at position [" + position + "] of stream [" + streamId
                + "] into [" + target.getName() + "]: " + cause.getMessage(), cause);
        this.position = position;
        this.eventType = eventType;
        this.schemaVersion = 0;
    }

    /**
     * Creates the exception for the event at {@code position} of type {@code eventType} at schema version
     * {@code schemaVersion} that no upcaster brings to a known shape; {@code problem} says why, and
     * {@code cause} (may be {@code null}) is what an upcaster threw.
     */
    public EventDecodingException(long position, String eventType, int schemaVersion, String streamId, String problem,
            Throwable cause) {
        super("Could not upcast event [" + eventType + "] version [" + schemaVersion + "] at position [" + position
                + "] of stream [" + streamId + "]: " + problem, cause);
        this.position = position;
        this.eventType = eventType;
        this.schemaVersion = schemaVersion;
    }

    /** Global position of the event that failed to decode. */
    public long position() {
        return position;
    }

    /** Type of the event that failed to decode. */
    public String eventType() {
        return eventType;
    }

    /** The schema version of the event that could not be upcast; {@code 0} when decoding, not upcasting, failed. */
    public int schemaVersion() {
        return schemaVersion;
    }
}
