package dev.readmodel.kafka;

import dev.readmodel.clickhouse.ClickHouseConfig;
import dev.readmodel.clickhouse.ClickHouseReadModelStore;
import dev.readmodel.clickhouse.ClickHouseServer;
import dev.readmodel.core.spi.ReadModelStore;
import java.util.List;

/**
 * {@link PartitionedConsumerContract} on ClickHouse (18.16, or the current engine with
 * {@code readmodel.clickhouse.engine=current}): the checkpoint follows the writes, versions absorb a replay.
 */
class ClickHousePartitionedConsumerIT extends PartitionedConsumerContract {
    private final ClickHouseConfig config = ClickHouseServer.freshDatabase();

    @Override
    protected ReadModelStore store() {
        return new ClickHouseReadModelStore(config);
    }

    @Override
    protected List<String> workerStore() {
        return WorkerStore.clickhouse(config);
    }

    @Override
    protected String storeName() {
        return ClickHouseServer.current() ? "clickhouse 26" : "clickhouse";
    }
}
