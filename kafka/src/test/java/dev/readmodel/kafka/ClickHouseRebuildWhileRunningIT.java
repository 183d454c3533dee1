package dev.readmodel.kafka;

import dev.readmodel.clickhouse.ClickHouseConfig;
import dev.readmodel.clickhouse.ClickHouseReadModelStore;
import dev.readmodel.clickhouse.ClickHouseServer;
import dev.readmodel.core.spi.ReadModelStore;

/** {@link RebuildWhileRunningContract} on ClickHouse (18.16 in the default failsafe run). */
class ClickHouseRebuildWhileRunningIT extends RebuildWhileRunningContract {
    private final ClickHouseConfig config = ClickHouseServer.freshDatabase();

    @Override
    protected ReadModelStore store() {
        return new ClickHouseReadModelStore(config);
    }

    @Override
    protected String storeName() {
        return ClickHouseServer.current() ? "clickhouse 26" : "clickhouse";
    }
}
