package dev.readmodel.server;

import dev.readmodel.core.event.EventStore;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.spi.ReadModelStore;

/** The metrics endpoint on the in-memory stores. */
class MemoryMetricsEndpointTest extends MetricsEndpointContract {
    @Override
    protected ReadModelStore store() {
        return new InMemoryReadModelStore();
    }

    @Override
    protected EventStore events() {
        return new InMemoryEventStore();
    }
}
