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
 * and folded into one write per document, each versioned by the partition offset after the last record
 * that changed it. Offsets, not event positions: every document is written from one partition only, so its
 * offsets only grow, while the positions of a re-keyed topic (events of one day from many streams) need not.
 * Where asked, a change by a record the stored document's version already covers is dropped: on a store
 * that writes the checkpoint after the documents (ClickHouse, Elasticsearch), a batch re-read after a crash
 * in between must not apply its events twice. Used by one thread.
 */
public final class PartitionWork implements ProjectionContext {
    private final DocumentWriter store;
    private final boolean skipApplied;
    private final Map<DocumentKey, Optional<Document>> current = new LinkedHashMap<>();
    private final Map<DocumentKey, Long> stored = new HashMap<>();
    private final Map<DocumentKey, Long> changed = new LinkedHashMap<>();
    private EventEnvelope event;
    private long version;

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

    /** The event the next changes come from, read at partition {@code offset}. */
    public void at(EventEnvelope value, long offset) {
        event = value;
        version = offset + 1;
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
            changed.put(key, version);
        }
    }

    @Override
    public void delete(ReadModel model, String id) {
        DocumentKey key = new DocumentKey(model, id);
        if (!applied(key)) {
            current.put(key, Optional.empty());
            changed.put(key, version);
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

    /** Whether the stored document already holds the current record's effect (written before a crash). */
    private boolean applied(DocumentKey key) {
        if (!skipApplied) {
            return false;
        }
        if (!stored.containsKey(key)) {
            load(key);
        }
        return stored.get(key) >= version;
    }

    private void load(DocumentKey key) {
        StoredDocument found = store.load(key.model(), List.of(key.id())).get(key.id());
        stored.put(key, found == null ? 0L : found.version());
        current.putIfAbsent(key, Optional.ofNullable(found).map(StoredDocument::document));
    }
}
