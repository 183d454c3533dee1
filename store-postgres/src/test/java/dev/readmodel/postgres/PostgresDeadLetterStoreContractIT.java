package dev.readmodel.postgres;

import dev.readmodel.core.spi.DeadLetterStore;
import dev.readmodel.testkit.DeadLetterStoreContract;
import org.junit.jupiter.api.BeforeAll;

class PostgresDeadLetterStoreContractIT extends DeadLetterStoreContract {
    private static PostgresDeadLetterStore store;

    @BeforeAll
    static void start() {
        store = new PostgresDeadLetterStore(PostgresServer.dataSource(), PostgresServer.freshSchema());
    }

    @Override
    protected DeadLetterStore store() {
        return store;
    }
}
