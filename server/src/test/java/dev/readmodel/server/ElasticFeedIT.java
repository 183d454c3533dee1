package dev.readmodel.server;

import dev.readmodel.core.event.EventStore;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.elastic.ElasticReadModelStore;
import dev.readmodel.elastic.ElasticServer;

/** The change feeds over Elasticsearch read models (a fresh index prefix); events in memory. */
class ElasticFeedIT extends FeedContract {
    private ElasticReadModelStore elastic;

    @Override
    protected ReadModelStore store() {
        elastic = new ElasticReadModelStore(ElasticServer.freshPrefix());
        return elastic;
    }

    @Override
    protected EventStore events() {
        return new InMemoryEventStore();
    }

    @Override
    protected void closeStores() {
        if (elastic != null) {
            elastic.close();
        }
    }
}
