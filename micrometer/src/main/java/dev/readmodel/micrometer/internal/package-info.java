/** How the meters read the engine: cached status snapshots and dead-letter counts, and the batch observer. */
package dev.readmodel.micrometer.internal;
