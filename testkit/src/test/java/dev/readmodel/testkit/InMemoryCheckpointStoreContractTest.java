package dev.readmodel.testkit;

import dev.readmodel.core.memory.InMemoryCheckpointStore;
import dev.readmodel.core.spi.CheckpointStore;

class InMemoryCheckpointStoreContractTest extends CheckpointStoreContract {
    private final InMemoryCheckpointStore store = new InMemoryCheckpointStore();

    @Override
    protected CheckpointStore store() {
        return store;
    }
}
