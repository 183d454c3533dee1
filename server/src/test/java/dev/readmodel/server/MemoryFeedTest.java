package dev.readmodel.server;

import dev.readmodel.core.event.EventStore;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.spi.ReadModelStore;

/** The change feeds on the in-memory default. */
class MemoryFeedTest extends FeedContract {
    @Override
    protected ReadModelStore store() {
        return new InMemoryReadModelStore();
    }

    @Override
    protected EventStore events() {
        return new InMemoryEventStore();
    }
}
