package dev.readmodel.clickhouse;

import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.testkit.TypedReadModelContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Runs against the 18.16 server and, in the build's second failsafe execution, the current engine. */
class ClickHouseTypedReadModelIT extends TypedReadModelContract {
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
    protected ReadModelStore store() {
        return store;
    }
}
