package dev.readmodel.postgres;

import dev.readmodel.core.event.EventStore;
import dev.readmodel.testkit.EventStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresEventStoreIT extends EventStoreContract {
    private static PostgresEventStore store;

    @BeforeAll
    static void start() {
        store = new PostgresEventStore(PostgresServer.dataSource(), PostgresServer.freshSchema());
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    @Override
    protected EventStore store() {
        return store;
    }
}
