package dev.readmodel.core.change;

import dev.readmodel.core.model.Document;
import java.util.Objects;
import java.util.Optional;

/**
 * One document as a commit left it.
 *
 * @param readModel the read model it belongs to
 * @param id its id
 * @param document its new state; empty when the commit deleted it
 * @param version the position of the last event that changed it
 */
public record DocumentChange(String readModel, String id, Optional<Document> document, long version) {
    /** Rejects nulls. */
    public DocumentChange {
        Objects.requireNonNull(readModel, "readModel");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(document, "document");
    }

    /** Whether the commit deleted the document. */
    public boolean deleted() {
        return document.isEmpty();
    }
}
