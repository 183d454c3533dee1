package dev.readmodel.elastic;

import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.testkit.UpcastingContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Upcasting into Elasticsearch, an idempotent store: a split's parts must be skipped together on a re-read. */
class ElasticUpcastingIT extends UpcastingContract {
    private static ElasticReadModelStore store;

    @BeforeAll
    static void start() {
        store = new ElasticReadModelStore(ElasticServer.freshPrefix());
    }

    @AfterAll
    static void stop() {
        if (store != null) { // null when the server was missing and the class was skipped
            store.close();
        }
    }

    @Override
    protected ReadModelStore readModels() {
        return store;
    }
}
