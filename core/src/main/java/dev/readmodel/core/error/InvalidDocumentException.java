package dev.readmodel.core.error;

/**
 * A projection wrote a document that does not fit its read model's declaration: an undeclared field,
 * a value of the wrong type, or a missing or mismatched key.
 */
public final class InvalidDocumentException extends PermanentException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that names the read model, the field and the value. */
    public InvalidDocumentException(String message) {
        super(message);
    }
}
