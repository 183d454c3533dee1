package dev.readmodel.server;

/** The metrics endpoint on the in-memory stores. */
class MemoryMetricsEndpointTest extends MetricsEndpointContract {
    @Override
    protected ServedStores stores() {
        return ServedStores.inMemory();
    }
}
