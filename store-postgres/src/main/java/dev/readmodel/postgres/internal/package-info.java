/** Internals of the PostgreSQL store: SQL, schema, sequencing, notifications. Not API; may change. */
package dev.readmodel.postgres.internal;
