package dev.readmodel.elastic;

import dev.readmodel.postgres.PostgresEventStore;
import dev.readmodel.postgres.PostgresServer;
import dev.readmodel.testkit.LiveConsistencyContract;
import co.elastic.clients.elasticsearch._types.Refresh;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** Elasticsearch read models fed from the PostgreSQL event store, which takes concurrent appends. */
class ElasticLiveConsistencyIT extends LiveConsistencyContract {
    private static ElasticReadModelStore store;
    private PostgresEventStore events;

    @BeforeAll
    static void start() {
        // refresh=true rather than the default wait_for, whose ~1 s wait per commit makes the 1,000
        // read-your-writes trials take minutes (they passed under wait_for too, in about 520 s)
        store = new ElasticReadModelStore(ElasticServer.freshPrefix().withRefresh(Refresh.True));
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
