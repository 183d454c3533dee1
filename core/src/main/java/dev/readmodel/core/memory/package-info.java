/**
 * The in-memory default: an event store, a read-model store with the full query contract, checkpoint
 * and dead-letter stores. Thread-safe; for embedded use, examples and users' unit tests.
 */
package dev.readmodel.core.memory;
