package dev.readmodel.postgres;

import dev.readmodel.core.event.EventStore;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.testkit.UpcastingContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Upcasting with PostgreSQL as both the event source, whose type filter is part of its SQL, so that a
 * renamed type's old name must be asked for, and the read-model store.
 */
class PostgresUpcastingIT extends UpcastingContract {
    private final List<PostgresEventStore> opened = new ArrayList<>();
    private PostgresReadModelStore store;

    @BeforeEach
    void freshStore() {
        store = new PostgresReadModelStore(PostgresServer.dataSource(), PostgresServer.freshSchema());
    }

    @Override
    protected ReadModelStore readModels() {
        return store;
    }

    @Override
    protected EventStore events() {
        PostgresEventStore events = new PostgresEventStore(PostgresServer.dataSource(), PostgresServer.freshSchema());
        opened.add(events);
        return events;
    }

    @Override
    protected boolean supportsInline() {
        return true;
    }

    @AfterEach
    void stop() {
        opened.forEach(PostgresEventStore::close);
    }
}
