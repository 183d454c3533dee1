/**
 * PostgreSQL as event store ({@link dev.readmodel.postgres.PostgresEventStore}, gap-safe) and as
 * read-model store ({@link dev.readmodel.postgres.PostgresReadModelStore}, exactly-once), with
 * checkpoint and dead-letter stores, over any DataSource; {@link dev.readmodel.postgres.PostgresConfig}
 * builds a HikariCP pool.
 */
package dev.readmodel.postgres;
