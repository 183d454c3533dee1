package dev.readmodel.kafka.internal;

import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.Projection.DocumentKey;
import dev.readmodel.core.projection.ProjectionContext;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.DocumentWriter;
import dev.readmodel.core.spi.StoredDocument;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The changes one batch of one partition makes: documents read through the store once, changed in memory,
 * and folded into one write per document, each with the position of the last event that changed it as
 * its version. Where asked, a change by an event the stored document's version already covers is dropped: on a
 * store that writes the checkpoint after the documents (ClickHouse, Elasticsearch), a batch re-read after a
 * crash in between must not apply its events twice. Used by one thread.
 */
public final class PartitionWork implements ProjectionContext {
    private final DocumentWriter store;
    private final boolean skipApplied;
    private final Map<DocumentKey, Optional<Document>> current = new LinkedHashMap<>();
    private final Map<DocumentKey, Long> stored = new HashMap<>();
    private final Map<DocumentKey, Long> changed = new LinkedHashMap<>();
    private EventEnvelope event;

    /** Changes to documents of {@code store}, none dropped: for a store that commits the checkpoint with them. */
    public PartitionWork(DocumentWriter store) {
        this(store, false);
    }

    /**
     * Changes to documents of {@code store}; with {@code skipApplied}, those of events that a stored document's
     * version already covers are dropped.
     */
    public PartitionWork(DocumentWriter store, boolean skipApplied) {
        this.store = store;
        this.skipApplied = skipApplied;
    }

    /** The event the next changes come from. */
    public void at(EventEnvelope value) {
        event = value;
    }

    @Override
    public EventEnvelope event() {
        return event;
    }

    @Override
    public Optional<Document> get(ReadModel model, String id) {
        DocumentKey key = new DocumentKey(model, id);
        if (!current.containsKey(key)) {
            load(key);
        }
        return current.get(key);
    }

    /**
     * {@inheritDoc}
     *
     * @throws dev.readmodel.core.error.InvalidDocumentException when the document does not fit its read model
     */
    @Override
    public void put(ReadModel model, String id, Document document) {
        DocumentKey key = new DocumentKey(model, id);
        Document conformed = model.conform(id, document);
        if (!applied(key)) {
            current.put(key, Optional.of(conformed));
            changed.put(key, event.position());
        }
    }

    @Override
    public void delete(ReadModel model, String id) {
        DocumentKey key = new DocumentKey(model, id);
        if (!applied(key)) {
            current.put(key, Optional.empty());
            changed.put(key, event.position());
        }
    }

    /** One write per changed document. */
    public List<DocumentWrite> writes() {
        List<DocumentWrite> writes = new ArrayList<>();
        changed.forEach((key, version) -> writes.add(current.get(key)
                .<DocumentWrite>map(document -> new DocumentWrite.Put(key.model(), key.id(), document, version))
                .orElseGet(() -> new DocumentWrite.Delete(key.model(), key.id(), version))));
        return writes;
    }

    /** Whether the stored document already holds the current event's effect (written before a crash). */
    private boolean applied(DocumentKey key) {
        if (!skipApplied) {
            return false;
        }
        if (!stored.containsKey(key)) {
            load(key);
        }
        return stored.get(key) >= event.position();
    }

    private void load(DocumentKey key) {
        StoredDocument found = store.load(key.model(), List.of(key.id())).get(key.id());
        stored.put(key, found == null ? 0L : found.version());
        current.putIfAbsent(key, Optional.ofNullable(found).map(StoredDocument::document));
    }
}
