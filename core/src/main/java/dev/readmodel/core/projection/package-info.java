/**
 * What a projection author writes: a {@link dev.readmodel.core.projection.Projection} (its name, the read models it
 * writes, its handlers per event type), the handler shapes, the {@link dev.readmodel.core.projection.ProjectionContext}
 * a handler gets, how it runs ({@link dev.readmodel.core.projection.ProjectionMode}) and what happens when a handler
 * fails ({@link dev.readmodel.core.projection.FailurePolicy}).
 */
package dev.readmodel.core.projection;
