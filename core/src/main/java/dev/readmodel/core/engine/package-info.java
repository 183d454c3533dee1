/**
 * The engine that runs projections: {@link dev.readmodel.core.engine.ProjectionEngine}, its
 * configuration, and rebuild options and results. Everything else here is internal.
 */
package dev.readmodel.core.engine;
