package dev.readmodel.core.engine;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.event.EventSource;
import dev.readmodel.core.memory.InMemoryDeadLetterStore;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.spi.AppendTransactions;
import dev.readmodel.core.spi.DeadLetterStore;
import dev.readmodel.core.spi.ProjectionLock;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.core.spi.TransactionalEventStore;
import dev.readmodel.core.upcast.Upcasters;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The one {@link ProjectionEngine.Builder}: collects the settings and registrations, checking each as it
 * comes, and hands them to the engine as one {@link Settings} value. Not thread-safe.
 */
final class EngineBuilder implements ProjectionEngine.Builder {
    /** One projection, where it writes, how it runs. */
    record Registration(Projection projection, ReadModelStore store, ProjectionMode mode) {
    }

    /** What the engine is built from; {@code lock} is {@code null} when this instance runs alone. */
    record Settings(EventSource source, EngineConfig config, DeadLetterStore deadLetters, ProjectionLock lock,
            boolean refusePartialQueries, List<Registration> registrations, AppendTransactions transactions) {
    }

    private final EventSource source;
    private EngineConfig config = EngineConfig.DEFAULT;
    private DeadLetterStore deadLetters = new InMemoryDeadLetterStore();
    private ProjectionLock lock;
    private boolean refusePartialQueries;
    private Upcasters upcasters = Upcasters.none();
    private AppendTransactions transactions = AppendTransactions.OWN;
    private final List<Registration> registrations = new ArrayList<>();

    EngineBuilder(EventSource source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    public ProjectionEngine.Builder config(EngineConfig value) {
        config = Objects.requireNonNull(value, "config");
        return this;
    }

    @Override
    public ProjectionEngine.Builder deadLetters(DeadLetterStore value) {
        deadLetters = Objects.requireNonNull(value, "deadLetters");
        return this;
    }

    @Override
    public ProjectionEngine.Builder lock(ProjectionLock value) {
        lock = Objects.requireNonNull(value, "lock");
        return this;
    }

    @Override
    public ProjectionEngine.Builder refusePartialQueries() {
        refusePartialQueries = true;
        return this;
    }

    @Override
    public ProjectionEngine.Builder upcasters(Upcasters value) {
        upcasters = Objects.requireNonNull(value, "upcasters");
        return this;
    }

    @Override
    public ProjectionEngine.Builder appendTransactions(AppendTransactions value) {
        transactions = Objects.requireNonNull(value, "transactions");
        return this;
    }

    @Override
    public ProjectionEngine.Builder register(Projection projection, ReadModelStore store, ProjectionMode mode) {
        Objects.requireNonNull(projection, "projection");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(mode, "mode");
        if (registrations.stream().anyMatch(r -> r.projection().name().equals(projection.name()))) {
            throw new ConfigurationException("Projection [" + projection.name() + "] is registered twice");
        }
        if (mode == ProjectionMode.INLINE && !(source instanceof TransactionalEventStore)) {
            throw new ConfigurationException("Projection [" + projection.name() + "] is INLINE but the event source ["
                    + source.getClass().getSimpleName() + "] cannot share its append transaction");
        }
        registrations.add(new Registration(projection, store, mode));
        return this;
    }

    /**
     * @throws ConfigurationException also when a projection handles a type the upcasters rename: its
     *     events arrive under the new name only, so that handler would never run
     */
    @Override
    public ProjectionEngine build() {
        for (Registration registration : registrations) {
            for (String type : registration.projection().handledTypes().exactTypes()) {
                upcasters.renamedTo(type).ifPresent(to -> {
                    throw new ConfigurationException("Projection [" + registration.projection().name() + "] handles ["
                            + type + "], which the upcasters rename to [" + to + "]: handle [" + to + "] instead");
                });
            }
        }
        // every mode reads through the one source, so none can miss the upcasters
        return new ProjectionEngine(new Settings(UpcastingSource.of(source, upcasters), config, deadLetters, lock,
                refusePartialQueries, List.copyOf(registrations), transactions));
    }
}
