/**
 * Liveness and readiness of an engine's projections, for Kubernetes probes, load balancers and
 * monitoring: a {@link dev.readmodel.core.health.HealthCheck} with its
 * {@link dev.readmodel.core.health.HealthConfig} (lag bounds, stall and heartbeat timeouts) answers a
 * {@link dev.readmodel.core.health.Health} with one {@link dev.readmodel.core.health.ProjectionHealth} case
 * per projection: up, lagging, stalled, faulted, retrying, paused, standby or stopped.
 */
package dev.readmodel.core.health;
