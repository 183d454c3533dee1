package dev.readmodel.server;

/** Live queries and minimum positions over ClickHouse read models (a fresh database); events in memory. */
class ClickHouseLiveQueryIT extends LiveQueryContract {
    @Override
    protected ServedStores stores() {
        return ServedStores.clickhouse();
    }
}
