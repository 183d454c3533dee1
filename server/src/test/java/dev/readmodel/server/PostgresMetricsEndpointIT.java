package dev.readmodel.server;

/** The metrics endpoint over PostgreSQL: events and read models in a fresh schema. */
class PostgresMetricsEndpointIT extends MetricsEndpointContract {
    @Override
    protected ServedStores stores() {
        return ServedStores.postgres();
    }
}
