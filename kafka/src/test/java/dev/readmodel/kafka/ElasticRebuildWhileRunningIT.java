package dev.readmodel.kafka;

import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.elastic.ElasticConfig;
import dev.readmodel.elastic.ElasticReadModelStore;
import dev.readmodel.elastic.ElasticServer;

/** {@link RebuildWhileRunningContract} on Elasticsearch (8.19 in the default failsafe run). */
class ElasticRebuildWhileRunningIT extends RebuildWhileRunningContract {
    private final ElasticConfig config = ElasticServer.freshPrefix();

    @Override
    protected ReadModelStore store() {
        return new ElasticReadModelStore(config);
    }

    @Override
    protected String storeName() {
        return "elastic";
    }
}
