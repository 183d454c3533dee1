/**
 * The read side over HTTP: {@link dev.readmodel.server.QueryServer} serves a projection engine's read models,
 * documents, aggregations, search and stream history as JSON, and operations behind a token, configured by
 * {@link dev.readmodel.server.QueryServerConfig}.
 */
package dev.readmodel.server;
