package dev.readmodel.elastic;

import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.testkit.TypedReadModelContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Runs against Elasticsearch 8.19 and, in the build's second failsafe execution, 9.x. */
class ElasticTypedReadModelIT extends TypedReadModelContract {
    private static ElasticReadModelStore store;

    @BeforeAll
    static void start() {
        store = new ElasticReadModelStore(ElasticServer.freshPrefix());
    }

    @AfterAll
    static void stop() {
        if (store != null) {
            store.close();
        }
    }

    @Override
    protected ReadModelStore store() {
        return store;
    }
}
