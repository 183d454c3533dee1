package dev.readmodel.core.error;

/**
 * A failure that a retry of the same operation will not fix: bad configuration or input, a handler
 * that throws, an event that does not decode, a store that rejects the writes, a concurrency conflict.
 */
public abstract sealed class PermanentException extends ReadModelException
        permits ConfigurationException, InvalidQueryException, InvalidDocumentException, EventDecodingException,
        ProjectionFailedException, StoreException, UnknownProjectionException, WrongExpectedVersionException,
        SetLimitExceededException {
    private static final long serialVersionUID = 1L;

    PermanentException(String message) {
        super(message);
    }

    PermanentException(String message, Throwable cause) {
        super(message, cause);
    }
}
