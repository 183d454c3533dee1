package dev.readmodel.clickhouse;

import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.testkit.UpcastingContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Upcasting into ClickHouse, an idempotent store: a split's parts must be skipped together on a re-read. */
class ClickHouseUpcastingIT extends UpcastingContract {
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
    protected ReadModelStore readModels() {
        return store;
    }
}
