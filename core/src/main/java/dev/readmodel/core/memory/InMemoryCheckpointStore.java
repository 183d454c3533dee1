package dev.readmodel.core.memory;

import dev.readmodel.core.projection.Checkpoint;
import dev.readmodel.core.spi.CheckpointStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Checkpoints in a map. Thread-safe; lost when the process ends. */
public final class InMemoryCheckpointStore implements CheckpointStore {
    private final Map<String, Long> positions = new ConcurrentHashMap<>();

    /** Creates an empty store. */
    public InMemoryCheckpointStore() {
    }

    @Override
    public long load(String projection) {
        return positions.getOrDefault(projection, 0L);
    }

    @Override
    public void store(Checkpoint checkpoint) {
        positions.put(checkpoint.projection(), checkpoint.position());
    }
}
