package dev.readmodel.clickhouse;

import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.testkit.SetBasedUpdateContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Set-based writes on ClickHouse: ids found with FINAL, replays skipped by row versions. */
class ClickHouseSetBasedUpdateIT extends SetBasedUpdateContract {
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
