package dev.readmodel.core.engine;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.error.SetLimitExceededException;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.internal.Texts;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.NativeWork;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.projection.ProjectionContext;
import dev.readmodel.core.projection.StoreWork;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Filters;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.DocumentWriter;
import dev.readmodel.core.spi.StoredDocument;
import dev.readmodel.core.spi.WriteBatch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The documents one batch reads and writes. Folds every change to a document into its final state, so
 * a batch writes each document at most once, and skips writes to documents whose stored version shows
 * the event was already applied (a batch re-read after a crash between the writes and the checkpoint).
 */
final class UnitOfWork implements ProjectionContext {
    private static final class Entry {
        final ReadModel model;
        final String id;
        long storedVersion;
        Document document;
        long version;
        boolean dirty;
        /** Written without being read: the stored version is looked up for all such entries at once, at commit. */
        boolean blind;

        Entry(ReadModel model, String id, Document document, long storedVersion) {
            this.model = model;
            this.id = id;
            this.document = document;
            this.storedVersion = storedVersion;
            this.version = storedVersion;
        }
    }

    private final Projection projection;
    private final DocumentWriter writer;
    private final DocumentCache cache;
    private final boolean replayingParked;
    private final Map<DocumentRef, Entry> entries = new LinkedHashMap<>();
    private final List<WriteBatch.Work> work = new ArrayList<>();
    /** The entry looked up last: a document handler's put follows its get of the same document. */
    private Entry last;
    private EventEnvelope current;

    /**
     * @param replayingParked {@code true} when replaying a parked event: later events already moved the
     *     documents' versions past it, and it must be applied all the same
     */
    UnitOfWork(Projection projection, DocumentWriter writer, DocumentCache cache, boolean replayingParked) {
        this.projection = projection;
        this.writer = writer;
        this.cache = cache;
        this.replayingParked = replayingParked;
    }

    void begin(EventEnvelope event) {
        current = event;
    }

    /** Loads the documents a batch's document handlers will touch, one store read per read model. */
    void prefetch(Collection<Projection.DocumentKey> keys) {
        Map<ReadModel, List<String>> missing = new LinkedHashMap<>();
        for (Projection.DocumentKey key : keys) {
            DocumentRef ref = new DocumentRef(key.model().name(), key.id());
            if (entries.containsKey(ref)) {
                continue;
            }
            DocumentCache.Cached cached = cache.get(ref);
            if (cached != null) {
                entries.put(ref, new Entry(key.model(), key.id(), cached.document(), cached.version()));
            } else {
                List<String> ids = missing.computeIfAbsent(key.model(), m -> new ArrayList<>());
                ids.add(key.id());
                // placeholder so that duplicates in this batch are not asked for twice
                entries.put(ref, null);
            }
        }
        for (Map.Entry<ReadModel, List<String>> load : missing.entrySet()) {
            ReadModel model = load.getKey();
            Map<String, StoredDocument> found = writer.load(model, load.getValue());
            for (String id : load.getValue()) {
                StoredDocument stored = found.get(id);
                entries.put(new DocumentRef(model.name(), id), stored == null ? new Entry(model, id, null, 0)
                        : new Entry(model, id, stored.document(), stored.version()));
            }
        }
    }

    private void requireOwned(ReadModel model) {
        if (!projection.owns(model.name())) {
            throw new ConfigurationException("Projection [" + projection.name() + "] uses read model [" + model.name()
                    + "] without declaring it: add it with readModel(...)");
        }
    }

    private Entry entry(ReadModel model, String id) {
        requireOwned(model);
        DocumentRef ref = new DocumentRef(model.name(), id);
        Entry entry = entries.get(ref);
        if (entry != null) {
            last = entry;
            return entry; // after a blind write too: the batch's own write is the current state
        }
        DocumentCache.Cached cached = cache.get(ref);
        if (cached != null) {
            entry = new Entry(model, id, cached.document(), cached.version());
        } else {
            StoredDocument stored = writer.load(model, List.of(id)).get(id);
            entry = stored == null ? new Entry(model, id, null, 0)
                    : new Entry(model, id, stored.document(), stored.version());
        }
        entries.put(ref, entry);
        last = entry;
        return entry;
    }

    @Override
    public EventEnvelope event() {
        return current;
    }

    @Override
    public Optional<Document> get(ReadModel model, String id) {
        return Optional.ofNullable(entry(model, id).document);
    }

    @Override
    public void put(ReadModel model, String id, Document document) {
        write(model, id, model.conform(id, document));
    }

    @Override
    public void delete(ReadModel model, String id) {
        write(model, id, null);
    }

    /**
     * The documents of {@code model} that match as of this event: the stored ones the batch has not
     * touched, and the batch's own entries whose current state matches (so a stored document the batch
     * changed away from the filter drops out, and one it wrote into the filter comes in). The store is
     * asked for more ids than the limit by the entries it may name, so that an answer of that size
     * proves the limit exceeded.
     */
    @Override
    public void updateAll(ReadModel model, List<Filter> filters, int limit, UnaryOperator<Document> change) {
        requireOwned(model);
        if (limit < 1 || limit > MAX_SET_LIMIT) {
            throw new ConfigurationException("Invalid set-based limit [" + limit + "] of projection [" + projection.name()
                    + "] on read model [" + model.name() + "]: expected 1 to " + MAX_SET_LIMIT);
        }
        List<Filter> checked = model.check(new Query(filters, List.of(), 0, 0)).filters();
        Map<String, Entry> known = new LinkedHashMap<>();
        entries.forEach((ref, entry) -> {
            if (entry != null && ref.model().equals(model.name())) {
                known.put(ref.id(), entry);
            }
        });
        int asked = limit + known.size() + 1;
        List<String> stored = writer.matchingIds(model, checked, asked);
        if (stored.size() >= asked) {
            throw tooMany(model, checked, limit);
        }
        List<String> unknown = new ArrayList<>();
        for (String id : stored) {
            if (!known.containsKey(id)) {
                DocumentCache.Cached cached = cache.get(new DocumentRef(model.name(), id));
                if (cached != null) {
                    known.put(id, new Entry(model, id, cached.document(), cached.version()));
                } else {
                    unknown.add(id);
                }
            }
        }
        Map<String, StoredDocument> loaded = unknown.isEmpty() ? Map.of() : writer.load(model, unknown);
        loaded.forEach((id, found) -> known.put(id, new Entry(model, id, found.document(), found.version())));
        TreeMap<String, Entry> matched = new TreeMap<>();
        known.forEach((id, entry) -> {
            if (entry.document != null && Filters.matches(checked, entry.document)) {
                matched.put(id, entry);
            }
        });
        if (matched.size() > limit) {
            throw tooMany(model, checked, limit);
        }
        for (Entry entry : matched.values()) {
            entries.putIfAbsent(new DocumentRef(model.name(), entry.id), entry);
            Document current = entry.document;
            Document updated = change.apply(current);
            last = entry;
            if (updated == null) {
                delete(model, entry.id);
            } else if (!updated.equals(current)) {
                put(model, entry.id, updated);
            }
        }
    }

    private SetLimitExceededException tooMany(ReadModel model, List<Filter> filters, int limit) {
        return new SetLimitExceededException("Set-based write of projection [" + projection.name() + "] at position ["
                + current.position() + "] matches more than [" + limit + "] documents of read model [" + model.name()
                + "] with filters " + filters.stream().map(f -> Texts.shorten(f, 120)).toList()
                + ": narrow the filters or raise the limit (at most " + MAX_SET_LIMIT + ")");
    }

    private void write(ReadModel model, String id, Document document) {
        Entry entry = last != null && last.model == model && last.id.equals(id) ? last
                : entries.get(new DocumentRef(model.name(), id));
        if (entry == null && cache.get(new DocumentRef(model.name(), id)) == null) { // neither cached nor known absent
            // a write that replaces the whole document needs no read now: its stored version is checked at commit
            requireOwned(model);
            entry = new Entry(model, id, null, 0);
            entry.blind = true;
            entries.put(new DocumentRef(model.name(), id), entry);
        } else if (entry == null) {
            entry = entry(model, id);
        }
        long position = current.position();
        if (entry.storedVersion >= position && !replayingParked) {
            return; // applied before a crash: the stored document already holds this event's effect
        }
        entry.document = document;
        entry.version = Math.max(position, entry.version);
        entry.dirty = true;
    }

    /**
     * Looks up, one store read per read model, the stored versions of documents the batch wrote without
     * reading, and drops those writes the stored versions show as already applied (a batch re-read after
     * a crash between the writes and the checkpoint). A blind write replaces the whole document, so its
     * final state is right whenever its last writer is newer than what is stored.
     */
    void resolveBlindWrites() {
        Map<ReadModel, List<Entry>> blind = new LinkedHashMap<>();
        for (Entry entry : entries.values()) {
            if (entry != null && entry.blind && entry.dirty) {
                blind.computeIfAbsent(entry.model, m -> new ArrayList<>()).add(entry);
            }
        }
        for (Map.Entry<ReadModel, List<Entry>> group : blind.entrySet()) {
            Map<String, StoredDocument> stored = writer.load(group.getKey(), group.getValue().stream().map(e -> e.id).toList());
            for (Entry entry : group.getValue()) {
                StoredDocument found = stored.get(entry.id);
                entry.storedVersion = found == null ? 0 : found.version();
                entry.blind = false;
                if (entry.storedVersion >= entry.version && !replayingParked) {
                    entry.dirty = false;
                    entry.document = found == null ? null : found.document();
                    entry.version = entry.storedVersion;
                }
            }
        }
    }

    /** Native work is not folded or skipped: only stores that commit it with the checkpoint accept it. */
    @Override
    public <W extends StoreWork> void nativeWork(Class<W> kind, W added) {
        NativeWork declared = projection.nativeWork().orElse(null);
        if (declared == null || !declared.kind().isAssignableFrom(kind) || !declared.kind().isInstance(added)) {
            throw new ConfigurationException("Projection [" + projection.name() + "] adds native work of kind ["
                    + kind.getName() + "] without declaring it: declare it with nativeWork(" + kind.getSimpleName()
                    + ".class, tables...)");
        }
        work.add(new WriteBatch.Work(current.position(), current.type(), added));
    }

    /** The native work the batch's handlers added, in event order. */
    List<WriteBatch.Work> storeWork() {
        return work;
    }

    /** The batch's writes: one per changed document, in the order documents were first touched. */
    List<DocumentWrite> writes() {
        List<DocumentWrite> writes = new ArrayList<>();
        for (Entry entry : entries.values()) {
            if (entry != null && entry.dirty) {
                writes.add(entry.document == null ? new DocumentWrite.Delete(entry.model, entry.id, entry.version)
                        : new DocumentWrite.Put(entry.model, entry.id, entry.document, entry.version));
            }
        }
        return writes;
    }

    /** After a successful commit: the cache learns every document this batch saw, and which it wrote. */
    void publishTo(DocumentCache target) {
        for (Map.Entry<DocumentRef, Entry> e : entries.entrySet()) {
            Entry entry = e.getValue();
            if (entry != null) {
                target.put(e.getKey(), new DocumentCache.Cached(entry.document, entry.version));
                if (entry.dirty) {
                    target.written(e.getKey());
                }
            }
        }
    }
}
