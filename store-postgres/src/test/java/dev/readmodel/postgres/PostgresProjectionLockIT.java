package dev.readmodel.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.spi.ProjectionLock;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Advisory-lock leases: one holder per projection and namespace, freed when the holder's session ends. */
class PostgresProjectionLockIT {
    @Test
    void oneHolderPerProjectionUntilItClosesOrItsSessionDies() throws Exception {
        String namespace = PostgresServer.freshSchema();
        PostgresProjectionLock first = new PostgresProjectionLock(PostgresServer.dataSource(), namespace);
        PostgresProjectionLock second = new PostgresProjectionLock(PostgresServer.dataSource(), namespace);

        ProjectionLock.Lease held = first.tryAcquire("orders").orElseThrow();
        assertThat(held.isHeld()).isTrue();
        assertThat(second.tryAcquire("orders")).as("taken by the first").isEmpty();
        try (ProjectionLock.Lease other = second.tryAcquire("customers").orElseThrow();
                ProjectionLock.Lease elsewhere = new PostgresProjectionLock(PostgresServer.dataSource(), namespace + "x")
                        .tryAcquire("orders").orElseThrow()) {
            assertThat(other.isHeld()).isTrue();
            assertThat(elsewhere.isHeld()).as("another namespace has its own locks").isTrue();
        }

        held.close();
        assertThat(held.isHeld()).isFalse();
        ProjectionLock.Lease taken = second.tryAcquire("orders").orElseThrow();

        // the holder's session ends, as when its process dies: the lock is free and the lease reads as lost
        try (Connection admin = PostgresServer.dataSource().getConnection(); Statement statement = admin.createStatement();
                ResultSet rs = statement.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = "
                        + "'advisory' AND granted AND objid = hashtext('orders')::oid AND classid = hashtext('" + namespace
                        + "')::oid")) {
            assertThat(rs.next()).isTrue();
        }
        assertThat(taken.isHeld()).isFalse();
        ProjectionLock.Lease takenOver = first.tryAcquire("orders").orElseThrow();
        assertThat(takenOver.isHeld()).isTrue();
        takenOver.close();
        taken.close();
    }
}
