package dev.readmodel.postgres;

import dev.readmodel.testkit.LiveConsistencyContract;
import org.junit.jupiter.api.AfterEach;

class PostgresLiveConsistencyIT extends LiveConsistencyContract {
    private PostgresEventStore events;

    @Override
    protected Stores stores() {
        String schema = PostgresServer.freshSchema();
        events = new PostgresEventStore(PostgresServer.dataSource(), schema);
        return new Stores(events, new PostgresReadModelStore(PostgresServer.dataSource(), schema));
    }

    @Override
    protected boolean supportsInline() {
        return true;
    }

    @AfterEach
    void stop() {
        if (events != null) {
            events.close();
        }
    }
}
