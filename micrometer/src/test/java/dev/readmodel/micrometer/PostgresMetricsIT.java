package dev.readmodel.micrometer;

import dev.readmodel.core.event.EventStore;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.postgres.PostgresEventStore;
import dev.readmodel.postgres.PostgresReadModelStore;
import dev.readmodel.postgres.PostgresServer;

/** The metrics contract on PostgreSQL: events and read models in a fresh schema per test. */
class PostgresMetricsIT extends MetricsContract {
    private final String schema = PostgresServer.freshSchema();
    private PostgresEventStore events;

    @Override
    protected ReadModelStore store() {
        return new PostgresReadModelStore(PostgresServer.dataSource(), schema);
    }

    @Override
    protected EventStore events() {
        events = new PostgresEventStore(PostgresServer.dataSource(), schema);
        return events;
    }

    @Override
    protected void closeStores() {
        if (events != null) {
            events.close();
        }
    }
}
