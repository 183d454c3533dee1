package dev.readmodel.testkit;

import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;

class InMemoryLiveConsistencyContractTest extends LiveConsistencyContract {
    @Override
    protected Stores stores() {
        return new Stores(new InMemoryEventStore(), new InMemoryReadModelStore());
    }

    @Override
    protected boolean supportsInline() {
        return true;
    }
}
