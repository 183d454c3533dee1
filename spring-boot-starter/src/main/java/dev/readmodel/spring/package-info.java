/**
 * Spring Boot auto-configuration for readmodel: the PostgreSQL stores on the application's DataSource, a
 * projection engine that runs every {@link dev.readmodel.core.projection.Projection} bean with the context,
 * inline projections in the application's Spring transactions, {@code readmodel.*} properties checked at
 * start-up, and Actuator health and metrics.
 */
package dev.readmodel.spring;
