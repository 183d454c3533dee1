package dev.readmodel.elastic;

import dev.readmodel.core.spi.CheckpointStore;
import dev.readmodel.testkit.CheckpointStoreContract;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;

/** The checkpoints a read-model store keeps in its checkpoint index, one document per projection. */
class ElasticCheckpointStoreContractIT extends CheckpointStoreContract {
    @AutoClose
    private static ElasticReadModelStore store;

    @BeforeAll
    static void start() {
        store = new ElasticReadModelStore(ElasticServer.freshPrefix());
    }

    @Override
    protected CheckpointStore store() {
        return store.checkpoints();
    }
}
