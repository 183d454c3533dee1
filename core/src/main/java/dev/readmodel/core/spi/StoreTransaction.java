package dev.readmodel.core.spi;

import dev.readmodel.core.error.ConfigurationException;

/**
 * An event store's open transaction, handed to read-model stores that can join it for inline
 * projections. Each store pair defines its own implementation (a JDBC connection, a lock).
 */
public interface StoreTransaction {
    /**
     * {@code transaction} as the one kind a read-model store can join.
     *
     * @param store the read-model store, for the message, such as {@code PostgreSQL}
     * @param eventStore the event store whose transactions it joins, such as {@code a PostgresEventStore}
     * @throws ConfigurationException when {@code transaction} is of another kind, naming it
     */
    static <T extends StoreTransaction> T require(StoreTransaction transaction, Class<T> type, String store, String eventStore) {
        if (!type.isInstance(transaction)) {
            throw new ConfigurationException("The " + store + " read-model store joins only transactions of " + eventStore
                    + ", not [" + transaction.getClass().getName() + "]");
        }
        return type.cast(transaction);
    }

    /**
     * The error of a store that cannot join any transaction, to throw from
     * {@link ReadModelStore#inTransaction}: its projections must run persistent.
     *
     * @param backend the backend, such as {@code ClickHouse}
     * @param projections which projections the advice is for, such as {@code search}
     */
    static ConfigurationException notShared(String backend, String projections) {
        return new ConfigurationException(backend + " has no transactions to share: run " + projections
                + " projections PERSISTENT, not INLINE");
    }
}
