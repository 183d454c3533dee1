package dev.readmodel.kafka;

import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.elastic.ElasticConfig;
import dev.readmodel.elastic.ElasticReadModelStore;
import dev.readmodel.elastic.ElasticServer;
import java.util.List;

/** {@link PartitionedConsumerContract} on Elasticsearch: the checkpoint follows the writes, versions absorb a replay. */
class ElasticPartitionedConsumerIT extends PartitionedConsumerContract {
    private final ElasticConfig config = ElasticServer.freshPrefix();

    @Override
    protected ReadModelStore store() {
        return new ElasticReadModelStore(config);
    }

    @Override
    protected List<String> workerStore() {
        return WorkerStore.elastic(config);
    }

    @Override
    protected String storeName() {
        return "elasticsearch " + ElasticServer.expectedRelease();
    }
}
