package dev.readmodel.core.memory;

import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.spi.CheckpointStore;
import dev.readmodel.core.spi.ShadowTables;
import dev.readmodel.core.spi.StoredDocument;
import dev.readmodel.core.spi.WriteBatch;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The shadow copies of one zero-downtime rebuild in the in-memory store: private to the rebuild until
 * the swap, which the store runs under its write lock with the checkpoint move, so that a query sees
 * the old tables and checkpoint or the new ones. Not thread-safe: one rebuild owns it.
 */
final class MemoryShadowTables implements ShadowTables {
    private final MemoryTables shadow = new MemoryTables();
    private final CheckpointStore checkpoints;
    private final BiConsumer<MemoryTables, CheckpointStep> swapIn;

    /**
     * @param swapIn puts a shadow copy in place of the live one and runs the step, atomically for readers
     */
    MemoryShadowTables(CheckpointStore checkpoints, BiConsumer<MemoryTables, CheckpointStep> swapIn) {
        this.checkpoints = checkpoints;
        this.swapIn = swapIn;
    }

    @Override
    public void create(List<ReadModel> models, CheckpointStep then) {
        shadow.empty(models);
        then.applyTo(checkpoints);
    }

    @Override
    public Map<String, StoredDocument> load(ReadModel model, Collection<String> ids) {
        return shadow.load(model, ids);
    }

    @Override
    public List<String> matchingIds(ReadModel model, List<Filter> filters, int limit) {
        return shadow.matchingIds(model, filters, limit);
    }

    @Override
    public void write(WriteBatch batch, CheckpointStep then) {
        shadow.apply(batch.writes());
        then.applyTo(checkpoints);
    }

    @Override
    public void swapIn(List<ReadModel> models, CheckpointStep then) {
        swapIn.accept(shadow, then);
    }

    @Override
    public void drop(List<ReadModel> models, CheckpointStep then) {
        shadow.clear();
        then.applyTo(checkpoints);
    }
}
