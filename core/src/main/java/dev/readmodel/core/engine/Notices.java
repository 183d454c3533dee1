package dev.readmodel.core.engine;

import dev.readmodel.core.change.CommitListener;
import dev.readmodel.core.change.CommitNotice;
import dev.readmodel.core.change.Committed;
import dev.readmodel.core.change.DocumentChange;
import dev.readmodel.core.change.Overflowed;
import dev.readmodel.core.change.Replaced;
import dev.readmodel.core.change.Resumed;
import dev.readmodel.core.change.Subscription;
import dev.readmodel.core.change.SubscriptionOptions;
import dev.readmodel.core.error.UnknownProjectionException;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.WriteBatch;
import dev.readmodel.core.status.BatchObserver;
import dev.readmodel.core.status.BatchTiming;
import dev.readmodel.core.status.QueryCacheStats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where commits become visible beyond the store: each committed batch drops the query-cache answers it
 * made stale, then goes to every subscription as a {@link Committed}; rebuilds announce replaced read
 * models. Called only after a store commit returned (by the live writers, by an append once its
 * transaction committed, by a rebuild once its swap or truncation is done), so nothing uncommitted or
 * rolled back is ever seen. Publishing only enqueues. Thread-safe.
 */
final class Notices implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Notices.class.getName());

    private final Map<String, QueryCache> caches = new HashMap<>();
    private final Map<String, String> ownerOf = new HashMap<>();
    private final CopyOnWriteArrayList<NoticeSubscription> subscriptions = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<BatchObserver> observers = new CopyOnWriteArrayList<>();
    private final ExecutorService deliveries;
    /** Held while notices are offered and while a subscription joins, so that it knows where it starts. */
    private final Object publishing = new Object();
    /** Guarded by {@link #publishing}: each projection's last position announced. */
    private final Map<String, Long> lastPublished = new HashMap<>();

    Notices(List<Projection> projections, int queryCacheSize) {
        for (Projection projection : projections) {
            for (ReadModel model : projection.readModels()) {
                ownerOf.put(model.name(), projection.name());
                if (queryCacheSize > 0) {
                    caches.put(model.name(), new QueryCache(model.keyField(), queryCacheSize));
                }
            }
        }
        AtomicInteger threads = new AtomicInteger();
        this.deliveries = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "readmodel-notices-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The query cache of {@code readModel}; empty when the cache is off. */
    Optional<QueryCache> cache(String readModel) {
        return Optional.ofNullable(caches.get(readModel));
    }

    /** The query-cache figures of {@code projection}'s read models together. */
    QueryCacheStats stats(Projection projection) {
        long hits = 0;
        long misses = 0;
        long entries = 0;
        for (ReadModel model : projection.readModels()) {
            QueryCache cache = caches.get(model.name());
            if (cache != null) {
                hits += cache.hits();
                misses += cache.misses();
                entries += cache.entries();
            }
        }
        return new QueryCacheStats(hits, misses, entries);
    }

    /**
     * A batch whose commit has returned. Never throws: the batch is committed whatever happens here, and a
     * failure must not make the engine apply it again.
     */
    void committed(WriteBatch batch) {
        try {
            announce(batch);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Announcing the commit of projection [" + batch.projection()
                    + "] at position [" + batch.checkpoint() + "] failed; query caches are cleared and subscribers"
                    + " told of a gap", e);
            caches.values().forEach(QueryCache::clear);
            publish(batch.projection(), new Overflowed(1, batch.checkpoint()));
        }
    }

    private void announce(WriteBatch batch) {
        if (!caches.isEmpty()) {
            Map<String, Set<String>> changed = new LinkedHashMap<>();
            for (DocumentWrite write : batch.writes()) {
                changed.computeIfAbsent(write.model().name(), m -> new HashSet<>()).add(write.id());
            }
            caches.forEach((model, cache) -> {
                if (batch.projection().equals(ownerOf.get(model))) {
                    cache.committed(changed.getOrDefault(model, Set.of()), batch.reachesHead());
                }
            });
        }
        synchronized (publishing) {
            // checked under the lock a joining subscription takes: it either receives this batch or starts after it
            if (subscriptions.isEmpty()) {
                lastPublished.put(batch.projection(), batch.checkpoint());
                return;
            }
        }
        List<DocumentChange> changes = new ArrayList<>(batch.writes().size());
        for (DocumentWrite write : batch.writes()) {
            changes.add(new DocumentChange(write.model().name(), write.id(),
                    write instanceof DocumentWrite.Put put ? Optional.of(put.document()) : Optional.empty(), write.version()));
        }
        publish(batch.projection(), new Committed(batch.projection(), batch.checkpoint(), changes));
    }

    /**
     * {@code projection} was taken up at {@code checkpoint}, read from the store (at start, or on taking over
     * its lease): when that is not where its notices stand here, commits were made before or elsewhere, so its
     * query-cache answers go and subscribers are told with a {@link Resumed}.
     */
    void resumed(String projection, long checkpoint) {
        synchronized (publishing) {
            Long last = lastPublished.get(projection);
            if (last != null && last == checkpoint) {
                return;
            }
        }
        ownerOf.forEach((model, owner) -> {
            if (owner.equals(projection)) {
                cache(model).ifPresent(QueryCache::clear);
            }
        });
        publish(projection, new Resumed(projection, checkpoint));
    }

    /** {@code readModels} of {@code projection} were replaced as a whole, committed at {@code position}. */
    void replaced(String projection, long position, List<String> readModels, Replaced.Reason reason) {
        readModels.forEach(model -> cache(model).ifPresent(QueryCache::clear));
        publish(projection, new Replaced(projection, position, readModels, reason));
    }

    /** Offers {@code notice} to every subscription; under the lock that subscribing takes, so each knows its start. */
    private void publish(String projection, CommitNotice notice) {
        synchronized (publishing) {
            for (NoticeSubscription subscription : subscriptions) {
                CommitNotice seen = subscription.filter().apply(notice);
                if (seen != null) {
                    subscription.offer(seen);
                }
            }
            lastPublished.put(projection, notice.position());
        }
    }

    /**
     * Subscribes {@code listener} to the commits {@code options} name.
     *
     * @throws UnknownProjectionException when a read model named is not one of the engine's
     */
    Subscription subscribe(CommitListener listener, SubscriptionOptions options) {
        Objects.requireNonNull(listener, "listener");
        NoticeFilter filter = NoticeFilter.ALL;
        if (!options.readModels().isEmpty()) {
            Set<String> projections = new HashSet<>();
            for (String model : options.readModels()) {
                String owner = ownerOf.get(model);
                if (owner == null) {
                    throw new UnknownProjectionException("No projection owns read model [" + model
                            + "]; read models: " + ownerOf.keySet().stream().sorted().toList());
                }
                projections.add(owner);
            }
            filter = new NoticeFilter(options.readModels(), Set.copyOf(projections));
        }
        NoticeSubscription[] self = new NoticeSubscription[1];
        synchronized (publishing) {
            // where each projection's notices start for this subscription: the last one published before it
            // (none yet: the projection was not taken up here, and a Resumed will come first)
            Map<String, OptionalLong> starts = new HashMap<>();
            for (String projection : Set.copyOf(ownerOf.values())) {
                if (filter.projections().isEmpty() || filter.projections().contains(projection)) {
                    Long last = lastPublished.get(projection);
                    starts.put(projection, last != null ? OptionalLong.of(last) : OptionalLong.empty());
                }
            }
            self[0] = new NoticeSubscription(listener, filter, options.bufferSize(), deliveries,
                    () -> subscriptions.remove(self[0]), starts);
            subscriptions.add(self[0]);
        }
        return self[0];
    }

    /** Tells {@code observer} of every committed batch until the returned handle is closed. */
    AutoCloseable observe(BatchObserver observer) {
        Objects.requireNonNull(observer, "observer");
        observers.add(observer);
        return () -> observers.remove(observer);
    }

    /** Whether anyone observes batches: timing them is skipped otherwise. */
    boolean observed() {
        return !observers.isEmpty();
    }

    /** One committed batch's figures, to every observer. */
    void timed(BatchTiming timing) {
        for (BatchObserver observer : observers) {
            try {
                observer.committed(timing);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "A batch observer failed on " + timing, e);
            }
        }
    }

    /** Ends every subscription. */
    @Override
    public void close() {
        subscriptions.forEach(NoticeSubscription::close);
        deliveries.shutdown();
    }
}
