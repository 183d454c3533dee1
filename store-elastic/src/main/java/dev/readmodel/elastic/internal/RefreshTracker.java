package dev.readmodel.elastic.internal;

import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.spi.WriteBatch;
import co.elastic.clients.elasticsearch._types.Refresh;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When live writes become searchable. Writes wait for the refresh policy only in a batch that reaches
 * the head: while catching up they are left unrefreshed, so that a catch-up is not held to one batch per
 * refresh interval, and the next batch that reaches the head refreshes them all at once. Read models in
 * a truncate rebuild's bulk load have refresh off and are not tracked: the rebuild's end refreshes them.
 * Thread-safe.
 */
public final class RefreshTracker {
    private final ElasticIndexes indexes;
    private final Refresh policy;
    private final Set<String> bulkLoading = ConcurrentHashMap.newKeySet();
    /** Aliases written by batches that did not reach the head, and were left for a later refresh. */
    private final Set<String> unrefreshed = ConcurrentHashMap.newKeySet();

    /** Tracks refreshes for live writes under {@code policy}. */
    public RefreshTracker(ElasticIndexes indexes, Refresh policy) {
        this.indexes = indexes;
        this.policy = policy;
    }

    /** What one batch's writes are to do about refreshes, decided before they are sent. */
    public record Round(WriteBatch batch, List<String> due, boolean waitForRefresh) {
    }

    /** Marks {@code model} as bulk loading: its writes are not live until {@link #finishBulkLoad}. */
    public void startBulkLoad(ReadModel model) {
        bulkLoading.add(model.name());
    }

    /** Ends the bulk load of {@code model}; {@code true} when it was in one. */
    public boolean finishBulkLoad(ReadModel model) {
        return bulkLoading.remove(model.name());
    }

    /** Whether {@code model} is in a truncate rebuild's bulk load. */
    public boolean bulkLoading(ReadModel model) {
        return bulkLoading.contains(model.name());
    }

    /** The policy a bulk request uses when its writes wait for a refresh. */
    public Refresh policy() {
        return policy;
    }

    /**
     * Starts {@code batch}: a batch that reaches the head refreshes what earlier batches left, or, when
     * they left nothing, has its live writes wait for the policy.
     */
    public Round begin(WriteBatch batch) {
        List<String> due = batch.reachesHead() && refreshing() ? List.copyOf(unrefreshed) : List.of();
        return new Round(batch, due, batch.reachesHead() && due.isEmpty());
    }

    /**
     * Ends a round whose writes to the {@code live} indexes succeeded: records them for a later refresh
     * while catching up, or refreshes them with what was due in one request.
     *
     * @throws dev.readmodel.core.error.TransientStoreException when the refresh fails; what was due stays due
     */
    public void finish(Round round, Set<String> live) {
        if (refreshing() && !round.batch().reachesHead()) {
            unrefreshed.addAll(live); // after the writes succeeded: a refresh that runs sooner may miss them
        } else if (!round.due().isEmpty()) {
            refreshNow(round.due(), live);
        }
    }

    private boolean refreshing() {
        return policy != Refresh.False;
    }

    private void refreshNow(List<String> due, Set<String> live) {
        unrefreshed.removeAll(due);
        Set<String> all = new HashSet<>(due);
        all.addAll(live);
        try {
            indexes.refresh(all);
        } catch (RuntimeException e) {
            unrefreshed.addAll(due);
            throw e;
        }
    }
}
