package dev.readmodel.clickhouse;

import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.testkit.ConditionalCommitContract;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link ConditionalCommitContract} on ClickHouse, a {@code MONOTONIC_CHECKPOINT} store: checked before the
 * writes and read back after the checkpoint's own write, whose row is versioned by position so that the
 * furthest of racing commits stays.
 */
class ClickHouseConditionalCommitIT extends ConditionalCommitContract {
    @AutoClose
    private static ClickHouseReadModelStore store;

    @BeforeAll
    static void start() {
        store = new ClickHouseReadModelStore(ClickHouseServer.freshDatabase());
    }

    @Override
    protected ReadModelStore store() {
        return store;
    }
}
