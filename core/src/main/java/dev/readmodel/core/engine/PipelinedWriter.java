package dev.readmodel.core.engine;

import dev.readmodel.core.error.CancelledException;
import dev.readmodel.core.error.StoreException;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.spi.DocumentWriter;
import dev.readmodel.core.spi.StoredDocument;
import dev.readmodel.core.spi.WriteBatch;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Commits a rebuild's batches on a thread of its own, one at a time and in order, so that the next
 * batch is applied while the store writes the last one. At most one commit is in flight: the next
 * commit, every load and every checkpoint read wait for it, so nothing reads the store behind its own
 * writes. Transient store failures are retried on the commit thread; any other failure is thrown by
 * the next call, and {@link #drain} must be called before the rebuild counts as done. A batch with
 * store-native work is committed before {@link #commit} returns, so that a failure of that work is
 * thrown by the commit of its own batch and the engine knows which event's work failed.
 */
final class PipelinedWriter implements DocumentWriter, AutoCloseable {
    private final DocumentWriter target;
    private final Prefetcher.Retrying retrying;
    private final String projection;
    private final ExecutorService committer;
    private Future<?> inFlight = CompletableFuture.completedFuture(null);

    PipelinedWriter(DocumentWriter target, Prefetcher.Retrying retrying, String projection) {
        this.target = target;
        this.retrying = retrying;
        this.projection = projection;
        this.committer = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "readmodel-commit-" + projection);
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public Map<String, StoredDocument> load(ReadModel model, Collection<String> ids) {
        drain();
        return target.load(model, ids);
    }

    @Override
    public List<String> matchingIds(ReadModel model, List<Filter> filters, int limit) {
        drain();
        return target.matchingIds(model, filters, limit);
    }

    @Override
    public void commit(WriteBatch batch) {
        drain();
        inFlight = committer.submit(() -> {
            if (retrying.retry(() -> {
                target.commit(batch);
                return Boolean.TRUE;
            }) == null) {
                throw new CancelledException("Rebuild of projection [" + projection + "] stopped before the batch up to "
                        + "position [" + batch.checkpoint() + "] was committed: the engine is closing");
            }
        });
        if (!batch.work().isEmpty()) {
            drain();
        }
    }

    @Override
    public long checkpoint(String name) {
        drain();
        return target.checkpoint(name);
    }

    /** Waits for the commit in flight; throws its failure. */
    void drain() {
        try {
            inFlight.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException("Rebuild of projection [" + projection + "] interrupted while a commit was in flight", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new StoreException("Commit of projection [" + projection + "] failed: " + e.getCause(), e.getCause());
        } finally {
            inFlight = CompletableFuture.completedFuture(null);
        }
    }

    /** Waits for the commit in flight, whatever its outcome, and stops the commit thread. */
    @Override
    public void close() {
        try {
            inFlight.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException ignored) {
            // the caller is already failing, or drained and saw this failure
        }
        committer.shutdown();
    }
}
