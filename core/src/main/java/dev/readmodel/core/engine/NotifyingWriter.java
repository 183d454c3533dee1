package dev.readmodel.core.engine;

import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.spi.DocumentWriter;
import dev.readmodel.core.spi.StoredDocument;
import dev.readmodel.core.spi.WriteBatch;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A writer that tells {@code committed} about each batch once its commit has returned: the live writer of
 * a projection hands its batches to {@link Notices}; an append's transaction holds them until it commits.
 */
final class NotifyingWriter implements DocumentWriter {
    private final DocumentWriter target;
    private final Consumer<WriteBatch> committed;

    NotifyingWriter(DocumentWriter target, Consumer<WriteBatch> committed) {
        this.target = target;
        this.committed = committed;
    }

    @Override
    public Map<String, StoredDocument> load(ReadModel model, Collection<String> ids) {
        return target.load(model, ids);
    }

    @Override
    public List<String> matchingIds(ReadModel model, List<Filter> filters, int limit) {
        return target.matchingIds(model, filters, limit);
    }

    @Override
    public void commit(WriteBatch batch) {
        target.commit(batch);
        committed.accept(batch);
    }

    @Override
    public long checkpoint(String projection) {
        return target.checkpoint(projection);
    }
}
