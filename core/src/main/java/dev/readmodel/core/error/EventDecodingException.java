package dev.readmodel.core.error;

/**
 * An event's JSON data could not be decoded into the requested class. The message names the event
 * position, type, stream and target class; the cause is Jackson's exception with the JSON path.
 */
public final class EventDecodingException extends PermanentException {
    private static final long serialVersionUID = 1L;

    private final long position;
    private final String eventType;

    /** Creates the exception for the event at {@code position} of type {@code eventType}. */
    public EventDecodingException(long position, String eventType, String streamId, Class<?> target,
            Throwable cause) {
        super("Could not decode event [" + eventType + "] at position [" + position + "] of stream [" + streamId
                + "] into [" + target.getName() + "]: " + cause.getMessage(), cause);
        this.position = position;
        this.eventType = eventType;
    }

    /** Global position of the event that failed to decode. */
    public long position() {
        return position;
    }

    /** Type of the event that failed to decode. */
    public String eventType() {
        return eventType;
    }
}
