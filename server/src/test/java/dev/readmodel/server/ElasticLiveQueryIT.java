package dev.readmodel.server;

/** Live queries and minimum positions over Elasticsearch read models (a fresh index prefix); events in memory. */
class ElasticLiveQueryIT extends LiveQueryContract {
    @Override
    protected ServedStores stores() {
        return ServedStores.elastic();
    }
}
