package dev.readmodel.server;

/** The query server over PostgreSQL: events and read models in a fresh schema. */
class PostgresQueryServerIT extends QueryServerContract {
    @Override
    protected ServedStores stores() {
        return ServedStores.postgres();
    }
}
