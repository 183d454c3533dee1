package dev.readmodel.server;

/** Live queries and minimum positions on the in-memory default. */
class MemoryLiveQueryTest extends LiveQueryContract {
    @Override
    protected ServedStores stores() {
        return ServedStores.inMemory();
    }
}
