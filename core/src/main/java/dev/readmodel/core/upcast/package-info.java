/**
 * Event upcasting: registered {@link dev.readmodel.core.upcast.Upcaster}s bring stored events of older
 * shapes (an old type name, an older {@code schema_version}) to the current shape of their type before
 * any projection decodes them, in every mode the engine runs. {@link dev.readmodel.core.upcast.Upcasters}
 * is the registry, built once and handed to {@code ProjectionEngine.builder(...).upcasters(...)};
 * {@link dev.readmodel.core.upcast.EventShape} is what an upcaster reads and returns.
 */
package dev.readmodel.core.upcast;
