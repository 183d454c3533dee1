package dev.readmodel.clickhouse;

import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.testkit.ReadModelStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class ClickHouseReadModelStoreIT extends ReadModelStoreContract {
    private static ClickHouseReadModelStore store;

    @BeforeAll
    static void start() {
        store = new ClickHouseReadModelStore(ClickHouseServer.freshDatabase());
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    @Override
    protected ReadModelStore store() {
        return store;
    }
}
