package dev.readmodel.server;

/** The query server over ClickHouse read models (a fresh database); events in memory. */
class ClickHouseQueryServerIT extends QueryServerContract {
    @Override
    protected ServedStores stores() {
        return ServedStores.clickhouse();
    }
}
