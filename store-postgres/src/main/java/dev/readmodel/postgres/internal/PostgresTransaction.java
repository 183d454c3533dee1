package dev.readmodel.postgres.internal;

import dev.readmodel.core.spi.StoreTransaction;
import java.sql.Connection;

/** An append's open JDBC transaction, which the PostgreSQL read-model store joins for inline projections. */
public record PostgresTransaction(Connection connection) implements StoreTransaction {
}
