package dev.readmodel.testkit;

import dev.readmodel.core.memory.InMemoryDeadLetterStore;
import dev.readmodel.core.spi.DeadLetterStore;

class InMemoryDeadLetterStoreContractTest extends DeadLetterStoreContract {
    private final InMemoryDeadLetterStore store = new InMemoryDeadLetterStore();

    @Override
    protected DeadLetterStore store() {
        return store;
    }
}
