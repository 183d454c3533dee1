package dev.readmodel.elastic;

import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.testkit.SetBasedUpdateContract;
import co.elastic.clients.elasticsearch._types.Refresh;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Set-based writes on Elasticsearch. Refresh {@code true} rather than the default {@code wait_for}, whose
 * wait of up to a second per batch that reaches the head triples the time; catch-up batches (the random
 * history's, the one before a failing event) stay unsearchable under either until a refresh, which the id
 * look-up makes first. Replays are skipped by external versions.
 */
class ElasticSetBasedUpdateIT extends SetBasedUpdateContract {
    private static ElasticReadModelStore store;

    @BeforeAll
    static void start() {
        store = new ElasticReadModelStore(ElasticServer.freshPrefix().withRefresh(Refresh.True));
    }

    @AfterAll
    static void stop() {
        if (store != null) { // null when the server was missing and the class was skipped
            store.close();
        }
    }

    @Override
    protected ReadModelStore store() {
        return store;
    }
}
