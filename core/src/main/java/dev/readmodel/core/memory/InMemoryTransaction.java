package dev.readmodel.core.memory;

import dev.readmodel.core.spi.StoreTransaction;
import java.util.ArrayList;
import java.util.List;

/** An append's transaction in memory: read-model commits wait here until every participant succeeded. */
final class InMemoryTransaction implements StoreTransaction {
    private final List<Runnable> onCommit = new ArrayList<>();

    void defer(Runnable action) {
        onCommit.add(action);
    }

    void commit() {
        onCommit.forEach(Runnable::run);
    }
}
