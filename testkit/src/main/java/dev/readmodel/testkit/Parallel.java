package dev.readmodel.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/** Runs a contract's task on several threads at once, for the promise that a store is thread-safe. */
final class Parallel {
    private Parallel() {
    }

    /**
     * Runs {@code task} with each thread number from 0 to {@code threads - 1}, one thread each, and waits
     * for all of them.
     *
     * @throws Exception the first task's failure, wrapped in an {@link java.util.concurrent.ExecutionException}
     */
    static void run(int threads, IntConsumer task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> task.accept(thread)));
            }
            for (Future<?> each : done) {
                each.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
