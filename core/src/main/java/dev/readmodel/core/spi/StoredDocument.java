package dev.readmodel.core.spi;

import dev.readmodel.core.model.Document;
import java.util.Objects;

/**
 * A document as a store holds it, with the position of the last event applied to it.
 *
 * @param document the document
 * @param version global position of the last event that wrote it; {@code 0} when unknown
 */
public record StoredDocument(Document document, long version) {
    /** Rejects a null document and a negative version. */
    public StoredDocument {
        Objects.requireNonNull(document, "document");
        if (version < 0) {
            throw new IllegalArgumentException("Document version must not be negative but was [" + version + "]");
        }
    }
}
