package dev.readmodel.core.engine;

/** A cheap key for one document of one read model (the read model's name, not its whole declaration). */
record DocumentRef(String model, String id) {
}
