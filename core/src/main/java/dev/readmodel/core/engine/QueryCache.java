package dev.readmodel.core.engine;

import dev.readmodel.core.model.Document;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Query;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One read model's answers, kept until a commit changes what they could hold: a by-id lookup (a query
 * whose only filter is the key field's equality) until a commit changes that document, any other
 * answer until a commit changes any document of the read model. Least recently used answers go first,
 * beyond {@code capacity} by-id answers and as many others.
 *
 * <p>Never older than a commit the caller has observed: the live writer drops answers when its commit
 * returns, before the checkpoint moves, and an answer read from the store while a commit dropped answers
 * is not kept, since it may predate that commit. Changes committed but not yet visible to queries (a
 * store that refreshes later, see {@code WriteBatch#reachesHead}) drop their answers again when the batch
 * that makes them visible commits. Thread-safe.
 */
final class QueryCache {
    private final String keyField;
    private final int capacity;
    /** Bumped by every commit that drops answers; an answer loaded across a bump is not kept. */
    private long generation;
    private final LinkedHashMap<Object, List<Document>> byId;
    private final Map<String, Set<Object>> keysOfId = new HashMap<>();
    private final LinkedHashMap<Object, List<Document>> others;
    /** Ids committed but perhaps not visible yet, dropped again when a batch reaches the head. */
    private final Set<String> invisible = new HashSet<>();
    private boolean invisibleOverflow;
    private long hits;
    private long misses;

    QueryCache(String keyField, int capacity) {
        this.keyField = keyField;
        this.capacity = capacity;
        this.byId = lru();
        this.others = lru();
    }

    private LinkedHashMap<Object, List<Document>> lru() {
        return new LinkedHashMap<>(16, 0.75f, true);
    }

    /** The answer to {@code question} (a checked query or aggregation), from the cache or from {@code load}. */
    List<Document> answer(Object question, Supplier<List<Document>> load) {
        long seen;
        synchronized (this) {
            List<Document> kept = (idOf(question) != null ? byId : others).get(question);
            if (kept != null) {
                hits++;
                return kept;
            }
            misses++;
            seen = generation;
        }
        List<Document> loaded = List.copyOf(load.get());
        synchronized (this) {
            if (generation == seen) {
                keep(question, loaded);
            }
        }
        return loaded;
    }

    private void keep(Object question, List<Document> answer) {
        String id = idOf(question);
        if (id == null) {
            others.put(question, answer);
            if (others.size() > capacity) {
                others.remove(others.keySet().iterator().next());
            }
            return;
        }
        byId.put(question, answer);
        keysOfId.computeIfAbsent(id, k -> new HashSet<>()).add(question);
        if (byId.size() > capacity) {
            Object eldest = byId.keySet().iterator().next();
            byId.remove(eldest);
            forget(idOf(eldest), eldest);
        }
    }

    private void forget(String id, Object question) {
        Set<Object> keys = keysOfId.get(id);
        if (keys != null && keys.remove(question) && keys.isEmpty()) {
            keysOfId.remove(id);
        }
    }

    /**
     * A commit changed {@code ids} of this read model: drops what they could have changed. With {@code
     * visible} false the store may show them to queries only later, so they are dropped again then.
     */
    synchronized void committed(Collection<String> ids, boolean visible) {
        if (ids.isEmpty() && (!visible || invisible.isEmpty() && !invisibleOverflow)) {
            return;
        }
        generation++;
        if (!visible) {
            if (invisible.size() + ids.size() > capacity) {
                invisibleOverflow = true;
            } else {
                invisible.addAll(ids);
            }
        } else if (invisibleOverflow) {
            clear();
            return;
        } else {
            drop(invisible);
            invisible.clear();
        }
        drop(ids);
        others.clear();
    }

    private void drop(Collection<String> ids) {
        for (String id : ids) {
            Set<Object> keys = keysOfId.remove(id);
            if (keys != null) {
                keys.forEach(byId::remove);
            }
        }
    }

    /** Drops every answer: the read model was replaced. */
    synchronized void clear() {
        generation++;
        byId.clear();
        keysOfId.clear();
        others.clear();
        invisible.clear();
        invisibleOverflow = false;
    }

    synchronized long hits() {
        return hits;
    }

    synchronized long misses() {
        return misses;
    }

    synchronized long entries() {
        return byId.size() + others.size();
    }

    /** The id a by-id lookup asks for; {@code null} for any other question. */
    private String idOf(Object question) {
        if (question instanceof Query query && query.offset() == 0 && query.filters().size() == 1
                && query.filters().get(0) instanceof Filter.Equals eq && eq.field().equals(keyField)) {
            return String.valueOf(eq.value());
        }
        return null;
    }
}
