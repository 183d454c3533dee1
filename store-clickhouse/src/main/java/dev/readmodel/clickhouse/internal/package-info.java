/** Internals of the ClickHouse store: SQL literals, tables, queries, calls. Not API; may change. */
package dev.readmodel.clickhouse.internal;
