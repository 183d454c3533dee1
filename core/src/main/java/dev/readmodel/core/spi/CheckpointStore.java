package dev.readmodel.core.spi;

import dev.readmodel.core.projection.Checkpoint;

/**
 * Keeps each projection's last committed position. Implementations are thread-safe.
 */
public interface CheckpointStore {
    /**
     * The last committed position of {@code projection}; {@code 0} when it has none.
     *
     * @throws dev.readmodel.core.error.TransientStoreException when the store cannot be read now
     */
    long load(String projection);

    /**
     * Stores {@code checkpoint}, replacing the previous one.
     *
     * @throws dev.readmodel.core.error.TransientStoreException when the store cannot be written now
     */
    void store(Checkpoint checkpoint);
}
