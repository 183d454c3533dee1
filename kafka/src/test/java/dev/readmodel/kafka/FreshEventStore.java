package dev.readmodel.kafka;

import dev.readmodel.postgres.PostgresEventStore;
import dev.readmodel.postgres.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A PostgreSQL event store in a fresh schema, with its tables, opened before the tests of each class that
 * extends this and closed after them. Test classes run one after the other, so they take turns in the fields.
 */
abstract class FreshEventStore {
    static String schema;
    static PostgresEventStore events;

    @BeforeAll
    static void openEventStore() {
        schema = PostgresServer.freshSchema();
        events = new PostgresEventStore(PostgresServer.dataSource(), schema);
        events.createSchema();
    }

    @AfterAll
    static void closeEventStore() {
        if (events != null) {
            events.close();
            events = null;
        }
    }
}
