package dev.readmodel.core.spi;

/**
 * An event store's open transaction, handed to read-model stores that can join it for inline
 * projections. Each store pair defines its own implementation (a JDBC connection, a lock).
 */
public interface StoreTransaction {
}
