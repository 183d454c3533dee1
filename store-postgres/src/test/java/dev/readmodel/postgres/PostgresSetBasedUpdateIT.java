package dev.readmodel.postgres;

import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.testkit.SetBasedUpdateContract;
import org.junit.jupiter.api.BeforeAll;

class PostgresSetBasedUpdateIT extends SetBasedUpdateContract {
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
