package dev.readmodel.core.engine;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.error.UnknownProjectionException;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.ProjectionMode;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's runners by projection name and by the read models they write, in registration order.
 * Immutable once built, so thread-safe.
 */
final class Runners {
    private final Map<String, ProjectionRunner> byName = new LinkedHashMap<>();
    private final Map<String, ProjectionRunner> byReadModel = new LinkedHashMap<>();

    /** @throws ConfigurationException when two projections write the same read model */
    Runners(List<ProjectionRunner> runners) {
        for (ProjectionRunner runner : runners) {
            byName.put(runner.name(), runner);
            for (ReadModel model : runner.projection().readModels()) {
                ProjectionRunner owner = byReadModel.putIfAbsent(model.name(), runner);
                if (owner != null) {
                    throw new ConfigurationException("Read model [" + model.name() + "] is written by projections ["
                            + owner.name() + "] and [" + runner.name() + "]; each read model has one owner");
                }
            }
        }
    }

    Collection<ProjectionRunner> all() {
        return byName.values();
    }

    List<ProjectionRunner> inline() {
        return byName.values().stream().filter(r -> r.mode() == ProjectionMode.INLINE).toList();
    }

    /** @throws UnknownProjectionException when there is no such projection */
    ProjectionRunner runner(String projection) {
        ProjectionRunner runner = byName.get(projection);
        if (runner == null) {
            throw new UnknownProjectionException("Unknown projection [" + projection + "]; known projections: "
                    + byName.keySet());
        }
        return runner;
    }

    /** @throws UnknownProjectionException when no projection writes a read model of that name */
    ProjectionRunner owner(String readModel) {
        ProjectionRunner runner = byReadModel.get(readModel);
        if (runner == null) {
            throw new UnknownProjectionException("Unknown read model [" + readModel + "]; known read models: "
                    + byReadModel.keySet());
        }
        return runner;
    }
}
