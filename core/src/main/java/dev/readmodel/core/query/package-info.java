/**
 * The query contract every store answers the same way: {@link dev.readmodel.core.query.Query} (filters, order,
 * paging), {@link dev.readmodel.core.query.Aggregation} (groups and metrics),
 * {@link dev.readmodel.core.query.SearchQuery} (full text) and their results. Queries are values; a read model
 * checks them before any store sees them.
 */
package dev.readmodel.core.query;
