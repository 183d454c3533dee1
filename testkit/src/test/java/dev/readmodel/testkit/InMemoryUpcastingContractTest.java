package dev.readmodel.testkit;

import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.spi.ReadModelStore;

class InMemoryUpcastingContractTest extends UpcastingContract {
    private final InMemoryReadModelStore store = new InMemoryReadModelStore();

    @Override
    protected ReadModelStore readModels() {
        return store;
    }

    @Override
    protected boolean supportsInline() {
        return true;
    }
}
