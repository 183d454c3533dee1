package dev.readmodel.server;

import dev.readmodel.clickhouse.ClickHouseReadModelStore;
import dev.readmodel.clickhouse.ClickHouseServer;
import dev.readmodel.core.event.EventStore;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.elastic.ElasticReadModelStore;
import dev.readmodel.elastic.ElasticServer;
import dev.readmodel.postgres.PostgresEventStore;
import dev.readmodel.postgres.PostgresReadModelStore;
import dev.readmodel.postgres.PostgresServer;

/**
 * The stores a server contract runs over, opened fresh (a new schema, database or prefix) and closed after
 * the run: the read-model store under test and the event store beside it.
 */
record ServedStores(ReadModelStore store, EventStore events, AutoCloseable opened) implements AutoCloseable {
    /** Events and read models in one fresh PostgreSQL schema. */
    static ServedStores postgres() {
        String schema = PostgresServer.freshSchema();
        PostgresEventStore events = new PostgresEventStore(PostgresServer.dataSource(), schema);
        return new ServedStores(new PostgresReadModelStore(PostgresServer.dataSource(), schema), events, events);
    }

    /** Read models in a fresh ClickHouse database; events in memory. */
    static ServedStores clickhouse() {
        ClickHouseReadModelStore store = new ClickHouseReadModelStore(ClickHouseServer.freshDatabase());
        return new ServedStores(store, new InMemoryEventStore(), store);
    }

    /** Read models under a fresh Elasticsearch index prefix; events in memory. */
    static ServedStores elastic() {
        ElasticReadModelStore store = new ElasticReadModelStore(ElasticServer.freshPrefix());
        return new ServedStores(store, new InMemoryEventStore(), store);
    }

    /** {@code store} with events in memory; nothing to close. */
    static ServedStores inMemory(ReadModelStore store) {
        return new ServedStores(store, new InMemoryEventStore(), () -> { });
    }

    /** Everything in memory. */
    static ServedStores inMemory() {
        return inMemory(new InMemoryReadModelStore());
    }

    @Override
    public void close() {
        try {
            opened.close();
        } catch (Exception e) {
            throw new IllegalStateException("Could not close the stores under test", e);
        }
    }
}
