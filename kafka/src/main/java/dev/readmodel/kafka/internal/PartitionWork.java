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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The changes one batch of one partition makes: documents read through the store once, changed in memory,
 * and folded into one write per document, each with the position of the last event that changed it as
 * its version. Used by one thread.
 */
public final class PartitionWork implements ProjectionContext {
    private final DocumentWriter store;
    private final Map<DocumentKey, Optional<Document>> current = new LinkedHashMap<>();
    private final Map<DocumentKey, Long> changed = new LinkedHashMap<>();
    private EventEnvelope event;

    /** Changes to documents of {@code store}. */
    public PartitionWork(DocumentWriter store) {
        this.store = store;
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
        return current.computeIfAbsent(new DocumentKey(model, id), key -> {
            StoredDocument stored = store.load(model, List.of(id)).get(id);
            return Optional.ofNullable(stored).map(StoredDocument::document);
        });
    }

    /**
     * {@inheritDoc}
     *
     * @throws dev.readmodel.core.error.InvalidDocumentException when the document does not fit its read model
     */
    @Override
    public void put(ReadModel model, String id, Document document) {
        DocumentKey key = new DocumentKey(model, id);
        current.put(key, Optional.of(model.conform(id, document)));
        changed.put(key, event.position());
    }

    @Override
    public void delete(ReadModel model, String id) {
        DocumentKey key = new DocumentKey(model, id);
        current.put(key, Optional.empty());
        changed.put(key, event.position());
    }

    /** One write per changed document. */
    public List<DocumentWrite> writes() {
        List<DocumentWrite> writes = new ArrayList<>();
        changed.forEach((key, version) -> writes.add(current.get(key)
                .<DocumentWrite>map(document -> new DocumentWrite.Put(key.model(), key.id(), document, version))
                .orElseGet(() -> new DocumentWrite.Delete(key.model(), key.id(), version))));
        return writes;
    }
}
