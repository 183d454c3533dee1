package dev.readmodel.core.projection;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.error.InvalidDocumentException;
import dev.readmodel.core.error.InvalidQueryException;
import dev.readmodel.core.error.SetLimitExceededException;
import dev.readmodel.core.error.TransientStoreException;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.typed.TypedReadModel;
import java.util.List;
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
     * Adds {@code work} to the batch: the store runs it in the batch's commit, after the batch's document
     * writes and in event order, in the same transaction as those writes and the checkpoint. It does not
     * run now, and what it writes is not read back through {@link #get}.
     *
     * @throws ConfigurationException when the projection does not declare native work of {@code kind}
     *     with {@link Projection.Builder#nativeWork}, or this context runs no native work
     */
    default <W extends StoreWork> void nativeWork(Class<W> kind, W work) {
        throw new ConfigurationException("This context runs no native work of kind [" + kind.getName() + "]");
    }

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

    /** Most documents one set-based write changes unless it says otherwise. */
    int DEFAULT_SET_LIMIT = 10_000;

    /** The largest limit a set-based write may ask for. */
    int MAX_SET_LIMIT = 100_000;

    /**
     * Applies {@code change} to every document of {@code model} that matches {@code filter} as of this
     * event (after the writes of earlier events in the batch), at most {@link #DEFAULT_SET_LIMIT} of them;
     * as {@link #updateAll(ReadModel, List, int, UnaryOperator)}.
     */
    default void updateAll(ReadModel model, Filter filter, UnaryOperator<Document> change) {
        updateAll(model, List.of(filter), DEFAULT_SET_LIMIT, change);
    }

    /**
     * Deletes every document of {@code model} that matches {@code filter} as of this event, at most
     * {@link #DEFAULT_SET_LIMIT} of them; as {@link #updateAll(ReadModel, List, int, UnaryOperator)}.
     */
    default void deleteAll(ReadModel model, Filter filter) {
        updateAll(model, List.of(filter), DEFAULT_SET_LIMIT, document -> null);
    }

    /**
     * A set-based write: applies {@code change} to every document of {@code model} that matches all of
     * {@code filters} as of this event, that is the stored documents merged with the writes of earlier
     * events in the batch, and writes each result as {@link #update} would ({@code null} deletes; a
     * result equal to the document writes nothing). Later events of the batch see the results. Each
     * changed document is an ordinary keyed write at this event's position, so commits, checkpoints,
     * notices and the skipping of an event replayed after a crash work as for {@link #put}: on every store
     * a replay never applies {@code change} twice to a document. It costs one look-up of matching ids in
     * the store and one load of the matched documents the batch does not hold yet.
     *
     * @param limit most documents the write may match, 1 to {@link #MAX_SET_LIMIT}
     * @throws SetLimitExceededException when more than {@code limit} documents match; nothing of it is written
     * @throws InvalidQueryException when a filter does not fit the read model
     * @throws ConfigurationException when the projection does not declare {@code model}, the limit is out of
     *     range, or the store cannot find documents by filter
     * @throws TransientStoreException when the store cannot be read now (the engine retries)
     */
    default void updateAll(ReadModel model, List<Filter> filters, int limit, UnaryOperator<Document> change) {
        throw new ConfigurationException("Set-based writes are not supported by [" + getClass().getName() + "]");
    }
}
