package dev.readmodel.core.projection;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.error.InvalidDocumentException;
import dev.readmodel.core.error.TransientStoreException;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.typed.TypedReadModel;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What a handler sees while it applies one event: the event and the projection's read models. Reads
 * see the writes of earlier events in the same batch. Writes are buffered and committed by the engine
 * with the checkpoint; a handler must not write anywhere else, because the engine may run it again
 * after a failure or a crash. Not thread-safe: use it only inside the handler call.
 */
public interface ProjectionContext {
    /** The event being applied. */
    EventEnvelope event();

    /**
     * The current document {@code id} of {@code model}, if any.
     *
     * @throws ConfigurationException when the projection does not declare {@code model}
     * @throws TransientStoreException when the store cannot be read now (the engine retries)
     */
    Optional<Document> get(ReadModel model, String id);

    /**
     * The current record {@code id} of typed read model {@code model}, if any.
     *
     * @throws ConfigurationException when the projection does not declare {@code model}
     * @throws InvalidDocumentException when the stored document does not convert to the record
     * @throws TransientStoreException when the store cannot be read now (the engine retries)
     */
    default <R extends Record> Optional<R> get(TypedReadModel<R> model, String id) {
        return get(model.readModel(), id).map(model::fromDocument);
    }

    /**
     * Replaces the document of typed read model {@code model} that {@code record}'s key names with {@code record}.
     *
     * @throws InvalidDocumentException when the record does not fit the read model's bounds
     * @throws ConfigurationException when the projection does not declare {@code model}
     */
    default <R extends Record> void put(TypedReadModel<R> model, R record) {
        put(model.readModel(), model.keyOf(record), model.toDocument(record));
    }

    /**
     * Replaces document {@code id} of {@code model} with {@code document}.
     *
     * @throws InvalidDocumentException when the document does not fit the read model's declaration
     * @throws ConfigurationException when the projection does not declare {@code model}
     */
    void put(ReadModel model, String id, Document document);

    /** Deletes document {@code id} of {@code model}; nothing happens when it does not exist. */
    void delete(ReadModel model, String id);

    /**
     * Applies {@code change} to document {@code id} ({@link Document#empty()} when absent) and writes the
     * result; a {@code null} result deletes the document.
     */
    default void update(ReadModel model, String id, UnaryOperator<Document> change) {
        Document updated = change.apply(get(model, id).orElse(Document.empty()));
        if (updated == null) {
            delete(model, id);
        } else {
            put(model, id, updated);
        }
    }
}
