package dev.readmodel.kafka;

import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.elastic.ElasticConfig;
import dev.readmodel.elastic.ElasticReadModelStore;
import dev.readmodel.elastic.ElasticServer;
import java.util.List;

/** {@link RepartitionCrashContract} on Elasticsearch: the days' versions absorb a batch re-read after a kill. */
class ElasticRepartitionCrashIT extends RepartitionCrashContract {
    private final ElasticConfig config = ElasticServer.freshPrefix();

    @Override
    protected ReadModelStore store(String schema) {
        return new ElasticReadModelStore(config);
    }

    @Override
    protected List<String> workerStore(String schema) {
        return WorkerStore.elastic(config);
    }

    @Override
    protected String storeName() {
        return "elasticsearch " + ElasticServer.expectedRelease();
    }
}
