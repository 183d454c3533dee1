package dev.readmodel.core.spi;

import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.Checkpoint;
import dev.readmodel.core.query.Filter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The shadow-rebuild protocol, once for every store: batches go to the shadow copies with their
 * checkpoint under {@link ShadowNames#shadowCheckpoint}; {@link #swap()} puts the copies in place and
 * then moves that checkpoint to the projection's own; {@link #abort()} drops the copies and resets it. The
 * store supplies only the backend I/O, as {@link ShadowTables}. Not thread-safe: one rebuild owns it.
 *
 * <p>The shadow checkpoint is not reset by a swap: a store without transactions may fail between the
 * swap and the move, and the engine then tries the swap again, which must still find the position.
 * The next {@link #begin} resets it.
 */
public final class ShadowRebuild implements RebuildTarget {
    private final String projection;
    private final String shadowCheckpoint;
    private final List<ReadModel> models;
    private final ShadowTables tables;
    private final CheckpointStore checkpoints;

    private ShadowRebuild(String projection, List<ReadModel> models, ShadowTables tables, CheckpointStore checkpoints) {
        this.projection = Objects.requireNonNull(projection, "projection");
        this.shadowCheckpoint = ShadowNames.shadowCheckpoint(projection);
        this.models = List.copyOf(models);
        this.tables = Objects.requireNonNull(tables, "tables");
        this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
    }

    /**
     * Creates empty shadow copies of {@code models} and a shadow checkpoint of 0 for {@code projection}.
     *
     * @param checkpoints where the store keeps checkpoints, for reading the shadow checkpoint
     * @throws dev.readmodel.core.error.TransientStoreException when the store cannot be reached now
     * @throws dev.readmodel.core.error.StoreException when the store refuses to create the copies
     */
    public static RebuildTarget begin(String projection, List<ReadModel> models, ShadowTables tables,
            CheckpointStore checkpoints) {
        ShadowRebuild rebuild = new ShadowRebuild(projection, models, tables, checkpoints);
        tables.create(rebuild.models, rebuild::resetShadowCheckpoint);
        return rebuild;
    }

    /**
     * As {@link #begin(String, List, ShadowTables, CheckpointStore)}, for a store without transactions:
     * each step's checkpoint part runs on {@code checkpoints} after the step's own work.
     */
    public static RebuildTarget begin(String projection, List<ReadModel> models, SequentialShadowTables tables,
            CheckpointStore checkpoints) {
        return begin(projection, models, tables.withCheckpoints(checkpoints), checkpoints);
    }

    @Override
    public Map<String, StoredDocument> load(ReadModel model, Collection<String> ids) {
        return tables.load(model, ids);
    }

    @Override
    public List<String> matchingIds(ReadModel model, List<Filter> filters, int limit) {
        return tables.matchingIds(model, filters, limit);
    }

    @Override
    public void commit(WriteBatch batch) {
        tables.write(batch, c -> c.store(new Checkpoint(shadowCheckpoint, batch.checkpoint())));
    }

    /** The shadow checkpoint of this rebuild's projection, whatever {@code name} says. */
    @Override
    public long checkpoint(String name) {
        return checkpoints.load(shadowCheckpoint);
    }

    @Override
    public void swap() {
        tables.swapIn(models, c -> c.store(new Checkpoint(projection, c.load(shadowCheckpoint))));
    }

    @Override
    public void abort() {
        tables.drop(models, this::resetShadowCheckpoint);
    }

    private void resetShadowCheckpoint(CheckpointStore target) {
        target.store(new Checkpoint(shadowCheckpoint, 0));
    }
}
