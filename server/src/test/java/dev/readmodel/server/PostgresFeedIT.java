package dev.readmodel.server;

/** The change feeds over PostgreSQL: events and read models in a fresh schema. */
class PostgresFeedIT extends FeedContract {
    @Override
    protected ServedStores stores() {
        return ServedStores.postgres();
    }
}
