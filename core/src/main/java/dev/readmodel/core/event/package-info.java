/**
 * Events as the write side stores them and as projections receive them: {@link dev.readmodel.core.event.EventEnvelope}
 * (one stored event with its global position), {@link dev.readmodel.core.event.NewEvent} (one to append), the
 * {@link dev.readmodel.core.event.EventSource} the engine reads and the {@link dev.readmodel.core.event.EventStore}
 * it can append to, expected versions, and {@link dev.readmodel.core.event.Json}, the one JSON configuration for
 * event data.
 */
package dev.readmodel.core.event;
