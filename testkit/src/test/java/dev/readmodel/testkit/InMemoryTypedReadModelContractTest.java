package dev.readmodel.testkit;

import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.spi.ReadModelStore;

class InMemoryTypedReadModelContractTest extends TypedReadModelContract {
    @Override
    protected ReadModelStore store() {
        return new InMemoryReadModelStore();
    }
}
