package dev.readmodel.server;

/** The change feeds over Elasticsearch read models (a fresh index prefix); events in memory. */
class ElasticFeedIT extends FeedContract {
    @Override
    protected ServedStores stores() {
        return ServedStores.elastic();
    }
}
