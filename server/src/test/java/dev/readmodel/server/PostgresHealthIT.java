package dev.readmodel.server;

/** The health contract over PostgreSQL: events and read models in a fresh schema for each test. */
class PostgresHealthIT extends HealthContract {
    @Override
    protected ServedStores stores() {
        return ServedStores.postgres();
    }
}
