package dev.readmodel.testkit;

import dev.readmodel.core.event.EventStore;
import dev.readmodel.core.memory.InMemoryEventStore;

class InMemoryEventStoreContractTest extends EventStoreContract {
    private final InMemoryEventStore store = new InMemoryEventStore();

    @Override
    protected EventStore store() {
        return store;
    }
}
