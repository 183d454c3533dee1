package dev.readmodel.elastic;

import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.testkit.ReadModelStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class ElasticReadModelStoreIT extends ReadModelStoreContract {
    private static ElasticReadModelStore store;

    @BeforeAll
    static void start() {
        store = new ElasticReadModelStore(ElasticServer.freshPrefix());
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    @Override
    protected ReadModelStore store() {
        return store;
    }
}
