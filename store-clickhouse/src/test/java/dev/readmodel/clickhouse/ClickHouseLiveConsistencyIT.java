package dev.readmodel.clickhouse;

import dev.readmodel.postgres.PostgresEventStore;
import dev.readmodel.postgres.PostgresServer;
import dev.readmodel.testkit.LiveConsistencyContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** ClickHouse read models fed from the PostgreSQL event store, which takes concurrent appends. */
class ClickHouseLiveConsistencyIT extends LiveConsistencyContract {
    private static ClickHouseReadModelStore store;
    private PostgresEventStore events;

    @BeforeAll
    static void start() {
        store = new ClickHouseReadModelStore(ClickHouseServer.freshDatabase());
    }

    @AfterAll
    static void stopStore() {
        if (store != null) { // null when the server was missing and the class was skipped
            store.close();
        }
    }

    @Override
    protected Stores stores() {
        events = new PostgresEventStore(PostgresServer.dataSource(), PostgresServer.freshSchema());
        return new Stores(events, store);
    }

    @AfterEach
    void stopEvents() {
        if (events != null) {
            events.close();
        }
    }
}
