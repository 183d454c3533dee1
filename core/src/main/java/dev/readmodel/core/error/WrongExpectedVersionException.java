package dev.readmodel.core.error;

import dev.readmodel.core.event.ExpectedVersion;

/**
 * An append named an expected stream version that did not match the stream: another writer got
 * there first. Nothing of the append was written. Reload the stream, decide again, and retry.
 */
public final class WrongExpectedVersionException extends PermanentException {
    private static final long serialVersionUID = 1L;

    private final String streamId;
    private final ExpectedVersion expected;
    private final long actual;

    /**
     * Creates the exception.
     *
     * @param streamId the stream appended to
     * @param expected what the caller expected
     * @param actual the stream's version when the append was tried ({@code 0} for no stream)
     */
    public WrongExpectedVersionException(String streamId, ExpectedVersion expected, long actual) {
        super("Append to stream [" + streamId + "] expected version [" + expected + "] but the stream is at ["
                + actual + "]");
        this.streamId = streamId;
        this.expected = expected;
        this.actual = actual;
    }

    /** The stream the append was for. */
    public String streamId() {
        return streamId;
    }

    /** The version the caller expected. */
    public ExpectedVersion expected() {
        return expected;
    }

    /** The stream's version when the append was tried; {@code 0} when the stream did not exist. */
    public long actual() {
        return actual;
    }
}
