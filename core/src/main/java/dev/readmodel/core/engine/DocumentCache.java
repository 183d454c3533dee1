package dev.readmodel.core.engine;

import dev.readmodel.core.Document;
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
        return capacity == 0 ? null : entries.get(ref);
    }

    void put(DocumentRef ref, Cached cached) {
        if (capacity > 0) {
            entries.put(ref, cached);
        }
    }

    void clear() {
        entries.clear();
    }
}
