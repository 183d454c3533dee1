package dev.readmodel.postgres;

import dev.readmodel.core.spi.CheckpointStore;
import dev.readmodel.testkit.CheckpointStoreContract;
import org.junit.jupiter.api.BeforeAll;

class PostgresCheckpointStoreContractIT extends CheckpointStoreContract {
    private static PostgresCheckpointStore store;

    @BeforeAll
    static void start() {
        store = new PostgresCheckpointStore(PostgresServer.dataSource(), PostgresServer.freshSchema());
    }

    @Override
    protected CheckpointStore store() {
        return store;
    }
}
