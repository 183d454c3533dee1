package dev.readmodel.core.spi;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Filter;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The backend I/O of a zero-downtime rebuild for a store without transactions: each step's own work is
 * durable before {@link ShadowRebuild} moves the checkpoints, the order that makes a
 * {@link DeliveryGuarantee#IDEMPOTENT} store safe after a crash between the two. {@link #withCheckpoints}
 * turns it into the {@link ShadowTables} a rebuild takes. Implementations serve one rebuild and need not
 * be thread-safe; they throw what the store's own operations throw.
 */
public interface SequentialShadowTables {
    /** Creates empty shadow copies of {@code models}, replacing any an earlier rebuild left. */
    void create(List<ReadModel> models);

    /** The stored documents among {@code ids} in the shadow copy of {@code model}; ids without one are absent. */
    Map<String, StoredDocument> load(ReadModel model, Collection<String> ids);

    /**
     * The ids of at most {@code limit} documents in the shadow copy of {@code model} that match every one
     * of the checked {@code filters}, seeing every write made to the copy so far; as
     * {@link DocumentWriter#matchingIds}.
     *
     * @throws ConfigurationException when the store cannot look up documents by filter
     */
    default List<String> matchingIds(ReadModel model, List<Filter> filters, int limit) {
        throw new ConfigurationException("Set-based writes to read model [" + model.name() + "] need shadow copies that"
                + " find documents by filter, and [" + getClass().getName() + "] does not");
    }

    /** Makes the batch's writes durable in the shadow copies. */
    void write(WriteBatch batch);

    /**
     * Puts the shadow copies of {@code models} in place of the live ones, as atomically as the store can.
     *
     * @return what to do once the checkpoint has moved, such as dropping the replaced copies; it runs
     *     only then, so that a crash before the move still finds them
     */
    Runnable swapIn(List<ReadModel> models);

    /** Drops the shadow copies of {@code models}, where they exist; the live copies are untouched. */
    void drop(List<ReadModel> models);

    /**
     * These tables as a rebuild's {@link ShadowTables}: each step's checkpoint part runs on {@code checkpoints}
     * after its work. A swap whose copies went in but whose checkpoint move failed is not swapped again when
     * tried again (a second EXCHANGE would put the old copies back; a second RENAME would drop them): the
     * retry moves the checkpoint and finishes.
     */
    default ShadowTables withCheckpoints(CheckpointStore checkpoints) {
        SequentialShadowTables tables = this;
        return new ShadowTables() {
            @Override
            public void create(List<ReadModel> models, CheckpointStep then) {
                tables.create(models);
                then.applyTo(checkpoints);
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
            public void write(WriteBatch batch, CheckpointStep then) {
                tables.write(batch);
                then.applyTo(checkpoints);
            }

            /** Set once the copies are in place: a swap tried again after its checkpoint move failed only moves it. */
            private Runnable swappedIn;

            @Override
            public void swapIn(List<ReadModel> models, CheckpointStep then) {
                if (swappedIn == null) {
                    swappedIn = tables.swapIn(models);
                }
                then.applyTo(checkpoints);
                swappedIn.run();
            }

            @Override
            public void drop(List<ReadModel> models, CheckpointStep then) {
                tables.drop(models);
                then.applyTo(checkpoints);
            }
        };
    }
}
