package dev.readmodel.testkit;

import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.spi.ReadModelStore;

class InMemoryReadModelStoreContractTest extends ReadModelStoreContract {
    private final InMemoryReadModelStore store = new InMemoryReadModelStore();

    @Override
    protected ReadModelStore store() {
        return store;
    }
}
