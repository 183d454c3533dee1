package dev.readmodel.testkit;

import dev.readmodel.core.memory.InMemoryProjectionLock;
import dev.readmodel.core.spi.ProjectionLock;

/** Engines in one JVM exclude each other by sharing one lock object, so every instance is that object. */
class InMemoryProjectionLockContractTest extends ProjectionLockContract {
    private final InMemoryProjectionLock shared = new InMemoryProjectionLock();

    @Override
    protected ProjectionLock instance() {
        return shared;
    }
}
