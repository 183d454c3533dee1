package dev.readmodel.clickhouse;

import dev.readmodel.core.spi.CheckpointStore;
import dev.readmodel.testkit.CheckpointStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class ClickHouseCheckpointStoreContractIT extends CheckpointStoreContract {
    private static ClickHouseReadModelStore store;

    @BeforeAll
    static void start() {
        store = new ClickHouseReadModelStore(ClickHouseServer.freshDatabase());
    }

    @AfterAll
    static void stop() {
        if (store != null) { // null when the server was missing and the class was skipped
            store.close();
        }
    }

    @Override
    protected CheckpointStore store() {
        return store.checkpoints();
    }
}
