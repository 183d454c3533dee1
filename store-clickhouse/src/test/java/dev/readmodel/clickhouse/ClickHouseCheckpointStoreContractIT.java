package dev.readmodel.clickhouse;

import dev.readmodel.core.spi.CheckpointStore;
import dev.readmodel.testkit.CheckpointStoreContract;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;

/** The checkpoints a read-model store keeps in its database's {@code readmodel_checkpoints} table. */
class ClickHouseCheckpointStoreContractIT extends CheckpointStoreContract {
    @AutoClose
    private static ClickHouseReadModelStore store;

    @BeforeAll
    static void start() {
        store = new ClickHouseReadModelStore(ClickHouseServer.freshDatabase());
    }

    @Override
    protected CheckpointStore store() {
        return store.checkpoints();
    }
}
