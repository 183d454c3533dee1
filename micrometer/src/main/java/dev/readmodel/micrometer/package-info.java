/**
 * Micrometer meters for a {@link dev.readmodel.core.engine.ProjectionEngine}: per projection its lag, state,
 * checkpoint, throughput, batch timings, retries, faults, parked dead letters, rebuild progress and query
 * cache, tagged {@code projection} and {@code store}. Bind with {@link dev.readmodel.micrometer.ReadModelMetrics}.
 */
package dev.readmodel.micrometer;
