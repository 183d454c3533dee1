package dev.readmodel.kafka;

import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.postgres.PostgresReadModelStore;
import dev.readmodel.postgres.PostgresServer;
import java.util.List;

/** {@link PartitionedConsumerContract} on PostgreSQL: batch and checkpoint in one transaction. */
class PostgresPartitionedConsumerIT extends PartitionedConsumerContract {
    private final String schema = PostgresServer.freshSchema();

    @Override
    protected ReadModelStore store() {
        return new PostgresReadModelStore(PostgresServer.dataSource(), schema);
    }

    @Override
    protected List<String> workerStore() {
        return WorkerStore.postgres(PostgresServer.config(), schema);
    }

    @Override
    protected String storeName() {
        return "postgres";
    }
}
