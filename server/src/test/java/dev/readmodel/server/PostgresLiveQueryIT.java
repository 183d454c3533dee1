package dev.readmodel.server;

/** Live queries and minimum positions over PostgreSQL: events and read models in a fresh schema. */
class PostgresLiveQueryIT extends LiveQueryContract {
    @Override
    protected ServedStores stores() {
        return ServedStores.postgres();
    }
}
