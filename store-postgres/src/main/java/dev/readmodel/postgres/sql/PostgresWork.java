package dev.readmodel.postgres.sql;

import dev.readmodel.core.projection.StoreWork;
import java.sql.SQLException;

/**
 * SQL a handler adds to its batch with {@code context.nativeWork(PostgresWork.class, sql -> ...)}, for a
 * projection that declares it with {@code nativeWork(PostgresWork.class, "table", ...)} and runs on a
 * {@link dev.readmodel.postgres.PostgresReadModelStore}. It runs when the batch commits, after the batch's
 * document writes and in event order, in the transaction that also stores the checkpoint: exactly once,
 * in every mode (catch-up, live, inline in the append's transaction, rebuild).
 *
 * <p>A failure rolls the whole batch back, documents and checkpoint with it. Transient SQL errors
 * (a lost connection, a serialization failure, a deadlock) retry the batch; any other error, or an
 * exception of the work itself, is a failure of the event's handler and goes to the projection's
 * failure policy, naming projection and event position. Inline, it aborts the append.
 *
 * <p>Write declared tables through {@link PostgresSql#table}, never by a literal name: during a
 * zero-downtime rebuild the name is the table's shadow copy. What the work writes is not read back
 * through the document cache; do not write the projection's read-model tables with it.
 */
@FunctionalInterface
public interface PostgresWork extends StoreWork {
    /**
     * Runs the SQL.
     *
     * @throws SQLException when a statement fails; sorted into transient and permanent by the store
     */
    void run(PostgresSql sql) throws SQLException;
}
