/**
 * ClickHouse as an analytics read-model store ({@link dev.readmodel.clickhouse.ClickHouseReadModelStore},
 * idempotent: ReplacingMergeTree versioned by event position, FINAL reads), over ClickHouse's client-v2;
 * {@link dev.readmodel.clickhouse.ClickHouseConfig} says where the server is.
 */
package dev.readmodel.clickhouse;
