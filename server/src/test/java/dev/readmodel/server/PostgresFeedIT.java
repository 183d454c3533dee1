package dev.readmodel.server;

import dev.readmodel.core.event.EventStore;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.postgres.PostgresEventStore;
import dev.readmodel.postgres.PostgresReadModelStore;
import dev.readmodel.postgres.PostgresServer;

/** The change feeds over PostgreSQL: events and read models in a fresh schema. */
class PostgresFeedIT extends FeedContract {
    private final String schema = PostgresServer.freshSchema();
    private PostgresEventStore postgresEvents;

    @Override
    protected ReadModelStore store() {
        return new PostgresReadModelStore(PostgresServer.dataSource(), schema);
    }

    @Override
    protected EventStore events() {
        postgresEvents = new PostgresEventStore(PostgresServer.dataSource(), schema);
        return postgresEvents;
    }

    @Override
    protected void closeStores() {
        if (postgresEvents != null) {
            postgresEvents.close();
        }
    }
}
