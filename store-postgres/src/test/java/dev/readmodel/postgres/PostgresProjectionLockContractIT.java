package dev.readmodel.postgres;

import dev.readmodel.core.spi.ProjectionLock;
import dev.readmodel.testkit.ProjectionLockContract;
import org.junit.jupiter.api.BeforeAll;

/** Every instance a lock object of its own on the shared pool, as engines in separate processes have. */
class PostgresProjectionLockContractIT extends ProjectionLockContract {
    private static String namespace;

    @BeforeAll
    static void start() {
        namespace = PostgresServer.freshSchema();
    }

    @Override
    protected ProjectionLock instance() {
        return new PostgresProjectionLock(PostgresServer.dataSource(), namespace);
    }
}
