package dev.readmodel.core.engine;

import dev.readmodel.core.error.ReadModelRebuildingException;
import dev.readmodel.core.status.RebuildMarker;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Tells whether a read model answers whole, and refuses queries on partial ones when the engine was
 * built to. Thread-safe: it reads only the runners' volatile status, or the store.
 */
final class PartialAnswers {
    private final boolean refuse;
    private final BooleanSupplier started;

    PartialAnswers(boolean refuse, BooleanSupplier started) {
        this.refuse = refuse;
        this.started = started;
    }

    /**
     * The unfinished rebuild of {@code owner}: as this engine runs it, or read from the store before the
     * engine starts and on an instance that does not hold the projection's lease.
     */
    Optional<RebuildMarker> marker(ProjectionRunner owner) {
        if (!started.getAsBoolean() || !owner.runsHere()) {
            owner.marker().inspect();
        }
        return owner.status().rebuild();
    }

    /**
     * Runs {@code query}; when refusing, refuses it while the read model is partial, and runs it again
     * when a rebuild began or ended while it ran (it may have read a read model being truncated).
     */
    <T> T answer(String readModel, ProjectionRunner owner, Supplier<T> query) {
        if (!refuse) {
            return query.get();
        }
        while (true) {
            long changes = refuseIfPartial(readModel, owner);
            T answer = query.get();
            if (refuseIfPartial(readModel, owner) == changes) {
                return answer;
            }
        }
    }

    private long refuseIfPartial(String readModel, ProjectionRunner owner) {
        Optional<RebuildMarker> marker = marker(owner);
        if (marker.isPresent() && marker.get().partial()) {
            throw new ReadModelRebuildingException(readModel, owner.name(), marker.get());
        }
        return owner.status().markerChanges();
    }
}
