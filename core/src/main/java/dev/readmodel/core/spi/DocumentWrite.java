package dev.readmodel.core.spi;

import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import java.util.Objects;

/**
 * One change to one document, the last of a batch for that document. {@code version} is the global
 * position of the last event that caused it: stores that cannot commit the checkpoint atomically keep
 * it, so that a replayed event is recognised, and stores with external versioning use it to refuse a
 * stale write.
 */
public sealed interface DocumentWrite {
    /** The read model written. */
    ReadModel model();

    /** The document's id. */
    String id();

    /** Global position of the last event that caused this write. */
    long version();

    /** Insert or replace the whole document. */
    record Put(ReadModel model, String id, Document document, long version) implements DocumentWrite {
        /** Rejects nulls. */
        public Put {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(document, "document");
        }
    }

    /** Delete the document if it exists. */
    record Delete(ReadModel model, String id, long version) implements DocumentWrite {
        /** Rejects nulls. */
        public Delete {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(id, "id");
        }
    }
}
