/**
 * What a backend implements to hold read models: {@link dev.readmodel.core.spi.ReadModelStore} (load,
 * commit a batch with its checkpoint, truncate, query, shadow rebuilds, join an append's transaction),
 * {@link dev.readmodel.core.spi.CheckpointStore} and {@link dev.readmodel.core.spi.DeadLetterStore}.
 * A store's zero-downtime rebuild is {@link dev.readmodel.core.spi.ShadowRebuild}, which owns the protocol
 * and its names ({@link dev.readmodel.core.spi.ShadowNames}), over the store's backend I/O as
 * {@link dev.readmodel.core.spi.ShadowTables}; {@link dev.readmodel.core.spi.ConfigChecks} holds the
 * checks store configs share. Users need these types only to write a store of their own.
 */
package dev.readmodel.core.spi;
