package dev.readmodel.server;

import dev.readmodel.clickhouse.ClickHouseReadModelStore;
import dev.readmodel.clickhouse.ClickHouseServer;
import dev.readmodel.core.event.EventStore;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.spi.ReadModelStore;

/** The change feeds over ClickHouse read models (a fresh database); events in memory. */
class ClickHouseFeedIT extends FeedContract {
    private ClickHouseReadModelStore clickhouse;

    @Override
    protected ReadModelStore store() {
        clickhouse = new ClickHouseReadModelStore(ClickHouseServer.freshDatabase());
        return clickhouse;
    }

    @Override
    protected EventStore events() {
        return new InMemoryEventStore();
    }

    @Override
    protected void closeStores() {
        if (clickhouse != null) {
            clickhouse.close();
        }
    }
}
