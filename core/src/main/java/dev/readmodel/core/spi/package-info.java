/**
 * What a backend implements to hold read models: {@link dev.readmodel.core.spi.ReadModelStore} (load,
 * commit a batch with its checkpoint, truncate, query, shadow rebuilds, join an append's transaction),
 * {@link dev.readmodel.core.spi.CheckpointStore} and {@link dev.readmodel.core.spi.DeadLetterStore}.
 * Users need these types only to write a store of their own.
 */
package dev.readmodel.core.spi;
