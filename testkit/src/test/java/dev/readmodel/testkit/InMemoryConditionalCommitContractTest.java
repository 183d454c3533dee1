package dev.readmodel.testkit;

import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.spi.ReadModelStore;

class InMemoryConditionalCommitContractTest extends ConditionalCommitContract {
    private final InMemoryReadModelStore store = new InMemoryReadModelStore();

    @Override
    protected ReadModelStore store() {
        return store;
    }
}
