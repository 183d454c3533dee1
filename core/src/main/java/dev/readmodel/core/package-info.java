/**
 * The public API of readmodel: events ({@link dev.readmodel.core.EventEnvelope},
 * {@link dev.readmodel.core.NewEvent}), event sources and stores, projections and their handlers,
 * read-model declarations ({@link dev.readmodel.core.ReadModel}) and documents, the query contract
 * ({@link dev.readmodel.core.Query}, {@link dev.readmodel.core.Filter}), statuses, and the exceptions,
 * all rooted at {@link dev.readmodel.core.ReadModelException}.
 */
package dev.readmodel.core;
