package dev.readmodel.kafka;

import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.postgres.PostgresReadModelStore;
import dev.readmodel.postgres.PostgresServer;

/** {@link RebuildWhileRunningContract} on PostgreSQL. */
class PostgresRebuildWhileRunningIT extends RebuildWhileRunningContract {
    private final String schema = PostgresServer.freshSchema();

    @Override
    protected ReadModelStore store() {
        return new PostgresReadModelStore(PostgresServer.dataSource(), schema);
    }

    @Override
    protected String storeName() {
        return "postgres";
    }
}
