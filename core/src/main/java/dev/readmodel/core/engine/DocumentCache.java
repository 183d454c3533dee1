package dev.readmodel.core.engine;

import dev.readmodel.core.model.Document;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Documents a runner committed or loaded recently, so that a batch of events on hot keys does not read
 * them again. Valid only while the runner is the sole writer of its read models; cleared on any failure
 * whose outcome is unknown and on rebuilds. Not thread-safe: used under the runner's batch lock.
 */
final class DocumentCache {
    /** A cached document; {@code document} is {@code null} when the store is known not to have it. */
    record Cached(Document document, long version) {
    }

    private final int capacity;
    private final LinkedHashMap<DocumentRef, Cached> entries;
    /** While not null: the read models started empty and these are all the documents written since. */
    private KeyHashSet writtenSinceEmpty;

    DocumentCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<DocumentRef, Cached> eldest) {
                return size() > DocumentCache.this.capacity;
            }
        };
    }

    Cached get(DocumentRef ref) {
        if (capacity == 0) {
            return knownAbsent(ref) ? ABSENT : null;
        }
        Cached cached = entries.get(ref);
        return cached == null && knownAbsent(ref) ? ABSENT : cached;
    }

    private static final Cached ABSENT = new Cached(null, 0);

    void put(DocumentRef ref, Cached cached) {
        if (capacity > 0) {
            entries.put(ref, cached);
        }
    }

    /** Records a committed write, for {@link #knownAbsent}. */
    void written(DocumentRef ref) {
        if (writtenSinceEmpty != null) {
            writtenSinceEmpty.add(ref);
        }
    }

    /**
     * Declares that the read models are empty now (just truncated, or a fresh shadow) and that this
     * cache will see every write from here on, so that a document never written is known to be absent.
     */
    void startFromEmpty() {
        entries.clear();
        writtenSinceEmpty = new KeyHashSet();
    }

    /** Whether the store certainly has no such document: the models started empty and it was never written. */
    boolean knownAbsent(DocumentRef ref) {
        return writtenSinceEmpty != null && !writtenSinceEmpty.mightContain(ref);
    }

    /** Forgets everything, including what was known to be absent: the store's state is unknown again. */
    void clear() {
        entries.clear();
        writtenSinceEmpty = null;
    }
}
