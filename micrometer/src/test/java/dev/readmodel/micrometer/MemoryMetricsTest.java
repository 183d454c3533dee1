package dev.readmodel.micrometer;

import dev.readmodel.core.event.EventStore;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.spi.ReadModelStore;

/** The metrics contract on the in-memory stores. */
class MemoryMetricsTest extends MetricsContract {
    @Override
    protected ReadModelStore store() {
        return new InMemoryReadModelStore();
    }

    @Override
    protected EventStore events() {
        return new InMemoryEventStore();
    }
}
