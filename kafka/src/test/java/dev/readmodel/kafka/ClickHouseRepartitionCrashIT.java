package dev.readmodel.kafka;

import dev.readmodel.clickhouse.ClickHouseConfig;
import dev.readmodel.clickhouse.ClickHouseReadModelStore;
import dev.readmodel.clickhouse.ClickHouseServer;
import dev.readmodel.core.spi.ReadModelStore;
import java.util.List;

/** {@link RepartitionCrashContract} on ClickHouse: the days' versions absorb a batch re-read after a kill. */
class ClickHouseRepartitionCrashIT extends RepartitionCrashContract {
    private final ClickHouseConfig config = ClickHouseServer.freshDatabase();

    @Override
    protected ReadModelStore store(String schema) {
        return new ClickHouseReadModelStore(config);
    }

    @Override
    protected List<String> workerStore(String schema) {
        return WorkerStore.clickhouse(config);
    }

    @Override
    protected String storeName() {
        return ClickHouseServer.current() ? "clickhouse 26" : "clickhouse";
    }
}
