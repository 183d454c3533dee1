package dev.readmodel.elastic.internal;

import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.spi.SequentialShadowTables;
import dev.readmodel.core.spi.StoredDocument;
import dev.readmodel.core.spi.WriteBatch;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The shadow indexes of one zero-downtime rebuild: new physical indexes with refresh off and no
 * replicas, filled while the aliases keep serving the old ones; the swap gives them their serving
 * settings and moves every alias in one atomic request; then the checkpoint follows, and only then are the old indexes deleted. Thread-safe,
 * though one rebuild uses it.
 */
public final class ElasticShadowIndexes implements SequentialShadowTables {
    private final ElasticIndexes indexes;
    private final DocumentLoader loader;
    private final BulkWriter writer;
    private final int replicas;
    private final MatchingIds matching;

    /** Shadow indexes that get {@code replicas} replicas when swapped in; set-based writes look ids up with {@code matching}. */
    public ElasticShadowIndexes(ElasticIndexes indexes, DocumentLoader loader, BulkWriter writer, int replicas,
            MatchingIds matching) {
        this.matching = matching;
        this.indexes = indexes;
        this.loader = loader;
        this.writer = writer;
        this.replicas = replicas;
    }

    @Override
    public void create(List<ReadModel> models) {
        models.forEach(indexes::newShadow);
    }

    @Override
    public Map<String, StoredDocument> load(ReadModel model, Collection<String> ids) {
        return loader.load(model, indexes.shadow(model), ids);
    }

    @Override
    public List<String> matchingIds(ReadModel model, List<Filter> filters, int limit) {
        return matching.find(model, indexes.shadow(model), filters, limit);
    }

    @Override
    public void write(WriteBatch batch) {
        writer.writeShadow(batch);
    }

    @Override
    public Runnable swapIn(List<ReadModel> models) {
        for (ReadModel model : models) {
            indexes.finishBulkLoad(indexes.shadow(model), replicas);
        }
        return indexes.swapShadows(models);
    }

    @Override
    public void drop(List<ReadModel> models) {
        models.forEach(indexes::dropShadow);
    }
}
