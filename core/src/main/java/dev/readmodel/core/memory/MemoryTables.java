package dev.readmodel.core.memory;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Filters;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.StoredDocument;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One copy of read models on the heap, live or a rebuild's shadow: a table per read model, documents in
 * id order. Not thread-safe: the in-memory store guards its live copy with its lock, and a shadow copy
 * belongs to one rebuild.
 */
final class MemoryTables {
    private final Map<String, TreeMap<String, StoredDocument>> tables = new HashMap<>();

    /** Adds an empty table for each of {@code models} that has none. */
    void prepare(List<ReadModel> models) {
        models.forEach(m -> tables.computeIfAbsent(m.name(), n -> new TreeMap<>()));
    }

    /** Gives each of {@code models} an empty table, replacing what it held. */
    void empty(List<ReadModel> models) {
        models.forEach(m -> tables.put(m.name(), new TreeMap<>()));
    }

    /** Puts the tables of {@code other} in place of these tables of the same names. */
    void replaceWith(MemoryTables other) {
        tables.putAll(other.tables);
    }

    /** Drops every table. */
    void clear() {
        tables.clear();
    }

    /**
     * The table of {@code model}.
     *
     * @throws ConfigurationException when it was not prepared
     */
    TreeMap<String, StoredDocument> table(ReadModel model) {
        TreeMap<String, StoredDocument> table = tables.get(model.name());
        if (table == null) {
            throw new ConfigurationException("Read model [" + model.name() + "] is not prepared in the in-memory store");
        }
        return table;
    }

    /** The stored documents among {@code ids}. */
    Map<String, StoredDocument> load(ReadModel model, Collection<String> ids) {
        Map<String, StoredDocument> table = table(model);
        Map<String, StoredDocument> found = new HashMap<>();
        for (String id : ids) {
            StoredDocument document = table.get(id);
            if (document != null) {
                found.put(id, document);
            }
        }
        return found;
    }

    /** The ids of at most {@code limit} documents of {@code model} that match the checked {@code filters}, in id order. */
    List<String> matchingIds(ReadModel model, List<Filter> filters, int limit) {
        List<String> ids = new ArrayList<>();
        for (Map.Entry<String, StoredDocument> entry : table(model).entrySet()) {
            if (ids.size() == limit) {
                break;
            }
            if (Filters.matches(filters, entry.getValue().document())) {
                ids.add(entry.getKey());
            }
        }
        return ids;
    }

    /** Applies {@code writes} in order; a put replaces the whole document. */
    void apply(List<DocumentWrite> writes) {
        for (DocumentWrite write : writes) {
            TreeMap<String, StoredDocument> table = table(write.model());
            if (write instanceof DocumentWrite.Put put) {
                table.put(put.id(), new StoredDocument(put.document(), put.version()));
            } else {
                table.remove(write.id());
            }
        }
    }
}
