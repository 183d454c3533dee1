package dev.readmodel.elastic;

import dev.readmodel.core.spi.CheckpointStore;
import dev.readmodel.testkit.CheckpointStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class ElasticCheckpointStoreContractIT extends CheckpointStoreContract {
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
    protected CheckpointStore store() {
        return store.checkpoints();
    }
}
