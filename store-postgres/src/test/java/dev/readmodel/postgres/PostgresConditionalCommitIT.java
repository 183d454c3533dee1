package dev.readmodel.postgres;

import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.testkit.ConditionalCommitContract;
import org.junit.jupiter.api.BeforeAll;

class PostgresConditionalCommitIT extends ConditionalCommitContract {
    private static PostgresReadModelStore store;

    @BeforeAll
    static void start() {
        store = new PostgresReadModelStore(PostgresServer.dataSource(), PostgresServer.freshSchema());
    }

    @Override
    protected ReadModelStore store() {
        return store;
    }
}
