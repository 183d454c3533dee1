package dev.readmodel.elastic;

import dev.readmodel.core.error.CheckpointMovedException;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.Checkpoint;
import dev.readmodel.core.query.Aggregation;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.query.SearchQuery;
import dev.readmodel.core.query.SearchResult;
import dev.readmodel.core.spi.CheckpointStore;
import dev.readmodel.core.spi.ConditionalCommit;
import dev.readmodel.core.spi.DeliveryGuarantee;
import dev.readmodel.core.spi.DocumentWriter;
import dev.readmodel.core.spi.RebuildTarget;
import dev.readmodel.core.spi.SearchableStore;
import dev.readmodel.core.spi.ShadowRebuild;
import dev.readmodel.core.spi.StoreTransaction;
import dev.readmodel.core.spi.StoredDocument;
import dev.readmodel.core.spi.WriteBatch;
import dev.readmodel.elastic.internal.BulkWriter;
import dev.readmodel.elastic.internal.CheckpointIndex;
import dev.readmodel.elastic.internal.DocumentLoader;
import dev.readmodel.elastic.internal.ElasticCalls;
import dev.readmodel.elastic.internal.ElasticIndexes;
import dev.readmodel.elastic.internal.ElasticQueries;
import dev.readmodel.elastic.internal.ElasticResults;
import dev.readmodel.elastic.internal.ElasticShadowIndexes;
import dev.readmodel.elastic.internal.MatchingIds;
import dev.readmodel.elastic.internal.RefreshTracker;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Read models as Elasticsearch indexes for full-text search: one index per read model behind an alias
 * ({@code <prefix>-<read model>}), with strict mappings from the declaration.
 *
 * <p>Delivery guarantee: {@link DeliveryGuarantee#IDEMPOTENT}. Writes go through the bulk API with
 * external versioning by the global position of the event that caused them, so a replayed batch or an
 * older write arriving late cannot overwrite a newer state; the version conflicts that replays cause are
 * expected and counted as applied. Items that fail for a transient reason are retried; any other item
 * failure is reported with the document id and event position, never dropped. The checkpoint is a
 * document in {@code <prefix>-checkpoints}, written after the data it covers; a conditional commit
 * ({@link #commitIfCheckpoint}) writes it with {@code if_seq_no}/{@code if_primary_term}
 * ({@link ConditionalCommit#CONDITIONAL_CHECKPOINT}). Rebuilds: truncate swaps in
 * a fresh index behind the alias; zero-downtime builds a new index while the old one keeps answering,
 * then moves the alias in one atomic request; during both the new index has refresh off and no
 * replicas, restored afterwards. Queries become term, terms and range filters, sort, from and size;
 * searches a multi_match over the declared text fields with boosts, terms facets and highlighting; user
 * input never becomes a query string. Thread-safe; close it to close the client.
 */
public final class ElasticReadModelStore implements SearchableStore, AutoCloseable {
    private final ElasticsearchClient client;
    private final ElasticConfig config;
    private final ElasticIndexes indexes;
    private final CheckpointIndex checkpoints;
    private final RefreshTracker refresh;
    private final DocumentLoader loader;
    private final BulkWriter writer;
    private final MatchingIds matching;

    /** A store on the cluster {@code config} names; creates its checkpoint index if missing. */
    public ElasticReadModelStore(ElasticConfig config) {
        this.config = config;
        this.client = config.client();
        this.indexes = new ElasticIndexes(client, config.indexPrefix(), config.replicas());
        this.refresh = new RefreshTracker(indexes, config.refresh());
        this.loader = new DocumentLoader(client);
        this.writer = new BulkWriter(client, indexes, refresh, config.bulkConcurrency());
        this.checkpoints = new CheckpointIndex(client, config.indexPrefix());
        this.matching = new MatchingIds(client, indexes);
        checkpoints.create();
    }

    @Override
    public String name() {
        return "elasticsearch";
    }

    @Override
    public DeliveryGuarantee guarantee() {
        return DeliveryGuarantee.IDEMPOTENT;
    }

    @Override
    public CheckpointStore checkpoints() {
        return checkpoints;
    }

    /**
     * Creates missing indexes, and gives live ones their serving settings back: a process killed during a
     * truncate rebuild leaves its index with refresh off, where writes that wait for a refresh would
     * wait forever (found by the crash drill).
     */
    @Override
    public void prepare(List<ReadModel> models) {
        for (ReadModel model : models) {
            List<String> live = indexes.physical(model);
            if (live.isEmpty()) {
                indexes.createBehindAlias(model, false);
            } else if (!refresh.bulkLoading(model)) {
                live.forEach(index -> indexes.finishBulkLoad(index, config.replicas()));
            }
        }
    }

    @Override
    public Map<String, StoredDocument> load(ReadModel model, Collection<String> ids) {
        return loader.load(model, indexes.alias(model), ids);
    }

    /** A refresh of the alias, then one search of keys per 5,000 matches. */
    @Override
    public List<String> matchingIds(ReadModel model, List<Filter> filters, int limit) {
        return matching.find(model, indexes.alias(model), filters, limit);
    }

    @Override
    public void commit(WriteBatch batch) {
        writer.writeLive(batch);
        checkpoints.store(new Checkpoint(batch.projection(), batch.checkpoint()));
    }

    /**
     * Commits {@code batch} only while the stored checkpoint is {@code expected}, the checkpoint write itself
     * conditional ({@link ConditionalCommit#CONDITIONAL_CHECKPOINT}): the checkpoint is read in real time with
     * its sequence number, a batch from another checkpoint is refused before it writes anything, and the new
     * checkpoint is indexed only if its document is unchanged since ({@code if_seq_no}/{@code if_primary_term},
     * or {@code op_type=create} where there was none). Of writers racing from one checkpoint exactly one moves
     * it; the others are refused with their documents written already ({@link
     * CheckpointMovedException#documentsWritten()}). Those documents carry the offsets (positions) of their
     * events as external versions, so they never replace a newer document, and a writer that re-reads from the
     * stored checkpoint skips what they hold.
     *
     * @throws CheckpointMovedException when the stored checkpoint is not {@code expected}, before or at the
     *     checkpoint's write
     */
    @Override
    public void commitIfCheckpoint(WriteBatch batch, long expected) {
        CheckpointIndex.Stored stored = checkpoints.loadStored(batch.projection());
        if (stored.position() != expected) {
            throw new CheckpointMovedException(batch.projection(), expected, stored.position());
        }
        writer.writeLive(batch);
        if (!checkpoints.storeIf(batch.projection(), stored, batch.checkpoint())) {
            throw new CheckpointMovedException(batch.projection(), expected, checkpoints.load(batch.projection()), true);
        }
    }

    @Override
    public ConditionalCommit conditionalCommit() {
        return ConditionalCommit.CONDITIONAL_CHECKPOINT;
    }

    @Override
    public long checkpoint(String projection) {
        return checkpoints.load(projection);
    }

    @Override
    public void truncate(String projection, List<ReadModel> models) {
        // first: a crash in between replays into old documents, harmlessly
        checkpoints.store(new Checkpoint(projection, 0));
        for (ReadModel model : models) {
            List<String> old = indexes.physical(model);
            String fresh = indexes.createPhysical(model, true);
            indexes.moveAlias(model, old, fresh);
            old.forEach(indexes::delete);
            refresh.startBulkLoad(model);
        }
    }

    @Override
    public void finishRebuild(String projection, List<ReadModel> models) {
        for (ReadModel model : models) {
            if (refresh.finishBulkLoad(model)) {
                indexes.physical(model).forEach(index -> indexes.finishBulkLoad(index, config.replicas()));
            }
        }
    }

    @Override
    public List<Document> query(ReadModel model, Query query) {
        Query checked = model.check(query);
        return ElasticResults.documents(model, search(model, "Querying read model [" + model.name() + "] with " + checked,
                ElasticQueries.query(model, checked)));
    }

    @Override
    public List<Document> aggregate(ReadModel model, Aggregation aggregation) {
        Aggregation checked = model.check(aggregation);
        return ElasticResults.aggregate(model, checked, after -> search(model, "Aggregating read model [" + model.name()
                + "] with " + checked, ElasticQueries.aggregate(model, checked, after)));
    }

    @Override
    public SearchResult search(ReadModel model, SearchQuery search) {
        SearchQuery checked = model.check(search);
        return ElasticResults.search(model, checked, search(model, "Searching read model [" + model.name() + "] with "
                + checked, ElasticQueries.search(model, checked)));
    }

    private SearchResponse<ObjectNode> search(ReadModel model, String what, ObjectNode body) {
        return ElasticCalls.call(what, () -> client.search(s -> s.withJson(new StringReader(body.toString()))
                .index(indexes.alias(model)), ObjectNode.class));
    }

    @Override
    public RebuildTarget beginRebuild(String projection, List<ReadModel> models) {
        return ShadowRebuild.begin(projection, models,
                new ElasticShadowIndexes(indexes, loader, writer, config.replicas(), matching), checkpoints);
    }

    @Override
    public DocumentWriter inTransaction(StoreTransaction transaction) {
        throw StoreTransaction.notShared("Elasticsearch", "search");
    }

    /** Stops the bulk senders and closes the client's transport. */
    @Override
    public void close() {
        writer.close();
        try {
            client._transport().close();
        } catch (IOException e) {
            // closing on the way out
        }
    }
}
