package dev.readmodel.core.projection;

import dev.readmodel.core.error.ConfigurationException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * A projection's declaration that its handlers add {@link StoreWork} of {@code kind} to their batches,
 * and which tables of the store that work writes. The engine asks the projection's store to accept it
 * when it starts. Declared tables are the store's to rebuild: a truncate rebuild empties them with the
 * read models, a zero-downtime rebuild gives them shadow copies; a store refuses a zero-downtime
 * rebuild when work is declared without tables.
 *
 * @param kind the kind of work, such as {@code PostgresWork.class}
 * @param tables the names of the tables the work writes, without schema, none repeated
 */
public record NativeWork(Class<? extends StoreWork> kind, List<String> tables) {
    /**
     * Copies the tables.
     *
     * @throws ConfigurationException when a table name is empty or repeated
     */
    public NativeWork {
        Objects.requireNonNull(kind, "kind");
        tables = List.copyOf(tables);
        for (String table : tables) {
            if (table.isBlank()) {
                throw new ConfigurationException("Empty table name in the native work of kind [" + kind.getName() + "]");
            }
        }
        if (new HashSet<>(tables).size() != tables.size()) {
            throw new ConfigurationException("Native work of kind [" + kind.getName() + "] declares a table twice: " + tables);
        }
    }
}
