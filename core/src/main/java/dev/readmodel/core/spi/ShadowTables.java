package dev.readmodel.core.spi;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Filter;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What a store does for a zero-downtime rebuild, and only that: the backend I/O on the shadow copies of
 * one projection's read models. {@link ShadowRebuild} owns the protocol (names, order of the steps, what
 * happens to the checkpoints) and calls these methods; each step that changes checkpoints hands over a
 * {@link CheckpointStep}, which the store runs after the step's own work and, where it has transactions,
 * in the same transaction, so that a crash leaves either both or neither. A store without transactions
 * implements {@link SequentialShadowTables} instead.
 *
 * <p>Implementations serve one rebuild and need not be thread-safe; they throw what the store's own
 * operations throw ({@link dev.readmodel.core.error.TransientStoreException} when the backend cannot be
 * reached now, {@link dev.readmodel.core.error.StoreException} when it refuses).
 */
public interface ShadowTables {
    /** Creates empty shadow copies of {@code models}, replacing any an earlier rebuild left, then runs {@code then}. */
    void create(List<ReadModel> models, CheckpointStep then);

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

    /** Makes the batch's writes durable in the shadow copies, then runs {@code then}. */
    void write(WriteBatch batch, CheckpointStep then);

    /**
     * Puts the shadow copies of {@code models} in place of the live ones, with the store's own atomicity
     * (one transaction, one alias request, one multi-table rename), then runs {@code then}. Old copies
     * may be dropped before or after {@code then}, as the store's crash safety needs.
     */
    void swapIn(List<ReadModel> models, CheckpointStep then);

    /** Drops the shadow copies of {@code models}, where they exist, then runs {@code then}; the live copies are untouched. */
    void drop(List<ReadModel> models, CheckpointStep then);

    /** The checkpoint part of one step, to run against the checkpoints the step's writes go with. */
    @FunctionalInterface
    interface CheckpointStep {
        /** Reads and writes checkpoints through {@code checkpoints}; throws what they throw. */
        void applyTo(CheckpointStore checkpoints);
    }
}
