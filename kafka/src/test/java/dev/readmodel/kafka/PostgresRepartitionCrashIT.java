package dev.readmodel.kafka;

import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.postgres.PostgresReadModelStore;
import dev.readmodel.postgres.PostgresServer;
import java.util.List;

/** {@link RepartitionCrashContract} on PostgreSQL: each day's batch and checkpoint in one transaction. */
class PostgresRepartitionCrashIT extends RepartitionCrashContract {
    @Override
    protected ReadModelStore store(String schema) {
        return new PostgresReadModelStore(PostgresServer.dataSource(), schema);
    }

    @Override
    protected List<String> workerStore(String schema) {
        return WorkerStore.postgres(PostgresServer.config(), schema);
    }

    @Override
    protected String storeName() {
        return "postgres";
    }
}
