package dev.readmodel.server.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.engine.RebuildOptions;
import dev.readmodel.core.engine.RebuildProgress;
import dev.readmodel.core.engine.RebuildResult;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Rebuilds started over HTTP: each runs on a thread of its own, reports its progress after every batch,
 * and is kept (the last one per projection) so that its progress and outcome can be asked for. Thread-safe.
 */
public final class RebuildJobs implements AutoCloseable {
    private final ProjectionEngine engine;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "readmodel-server-rebuild");
        thread.setDaemon(true);
        return thread;
    });

    /** Jobs for {@code engine}'s projections. */
    public RebuildJobs(ProjectionEngine engine) {
        this.engine = engine;
    }

    /** One rebuild: its mode, when it started, how far it got, and how it ended. */
    static final class Job {
        final String projection;
        final boolean zeroDowntime;
        final Instant startedAt = Instant.now();
        volatile RebuildProgress progress;
        volatile RebuildResult result;
        volatile String error;
        volatile boolean done;

        Job(String projection, boolean zeroDowntime) {
            this.projection = projection;
            this.zeroDowntime = zeroDowntime;
        }

        ObjectNode view() {
            ObjectNode node = JsonOut.mapper().createObjectNode().put("projection", projection)
                    .put("mode", zeroDowntime ? "zero-downtime" : "truncate").put("startedAt", startedAt.toString())
                    .put("state", !done ? "running" : error != null ? "failed" : result.cancelled() ? "cancelled" : "finished");
            RebuildProgress p = progress;
            if (p == null) {
                node.putNull("progress");
            } else {
                node.set("progress", Views.progress(p));
            }
            if (result == null) {
                node.putNull("result");
            } else {
                node.set("result", Views.result(result));
            }
            node.put("error", error);
            return node;
        }
    }

    /**
     * Starts a rebuild of {@code projection} (known to the engine) unless one started here still runs.
     *
     * @throws ApiProblem 409 when a rebuild of it runs
     */
    public synchronized ObjectNode start(String projection, boolean zeroDowntime) {
        Job running = jobs.get(projection);
        boolean elsewhere = engine.status(projection).rebuild().map(m -> m.running()).orElse(false);
        if ((running != null && !running.done) || elsewhere) {
            throw new ApiProblem(409, "rebuild-running", "A rebuild is running",
                    "Projection [" + projection + "] is being rebuilt; see GET .../rebuild, or cancel it with DELETE");
        }
        Job job = new Job(projection, zeroDowntime);
        jobs.put(projection, job);
        RebuildOptions options = (zeroDowntime ? RebuildOptions.ZERO_DOWNTIME : RebuildOptions.TRUNCATE)
                .withListener(p -> job.progress = p);
        threads.execute(() -> {
            try {
                job.result = engine.rebuild(projection, options);
            } catch (RuntimeException | Error e) { // an Error too: a done job without result or error breaks view()
                job.error = String.valueOf(e.getMessage());
            } finally {
                job.done = true;
            }
        });
        return job.view();
    }

    /** The last rebuild started here for {@code projection}. */
    public Optional<ObjectNode> view(String projection) {
        return Optional.ofNullable(jobs.get(projection)).map(Job::view);
    }

    /** Asks a running rebuild to stop; {@code false} when none runs. */
    public boolean cancel(String projection) {
        return engine.cancelRebuild(projection);
    }

    @Override
    public void close() {
        jobs.keySet().forEach(engine::cancelRebuild);
        threads.shutdown();
        try {
            threads.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
