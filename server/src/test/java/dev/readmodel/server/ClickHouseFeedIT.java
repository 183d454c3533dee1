package dev.readmodel.server;

/** The change feeds over ClickHouse read models (a fresh database); events in memory. */
class ClickHouseFeedIT extends FeedContract {
    @Override
    protected ServedStores stores() {
        return ServedStores.clickhouse();
    }
}
