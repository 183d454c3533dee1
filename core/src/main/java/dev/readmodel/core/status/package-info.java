/**
 * What a running projection reports: {@link dev.readmodel.core.status.ProjectionStatus} (state, checkpoint, lag,
 * last error, a rebuild in progress), its {@link dev.readmodel.core.status.ProjectionState}, parked events
 * ({@link dev.readmodel.core.status.DeadLetter}) and the durable {@link dev.readmodel.core.status.RebuildMarker}.
 * Every type is an immutable snapshot.
 */
package dev.readmodel.core.status;
