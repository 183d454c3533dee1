/**
 * Store-native handlers for PostgreSQL: {@link dev.readmodel.postgres.sql.PostgresWork}, SQL a handler
 * adds to its batch, which runs on the batch's connection in the transaction that also commits the
 * batch's documents and checkpoint.
 */
package dev.readmodel.postgres.sql;
