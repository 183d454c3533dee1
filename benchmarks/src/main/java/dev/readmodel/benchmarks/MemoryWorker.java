package dev.readmodel.benchmarks;

import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.engine.RebuildOptions;
import dev.readmodel.core.engine.RebuildResult;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.examples.history.HistoryGenerator;
import dev.readmodel.examples.orders.OrderProjections;
import dev.readmodel.postgres.PostgresConfig;
import dev.readmodel.postgres.PostgresReadModelStore;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;

/**
 * The memory scenario's own process, started with a small heap: rebuilds order summaries from a
 * generated history of N events into PostgreSQL and prints {@code RESULT events events/s peak-MB
 * live-MB max-MB}, the peak being the most heap in use in samples every 20 ms. Arguments: events, jdbc url, user, password.
 */
public final class MemoryWorker {
    static final String SCHEMA = "bench_memory";

    private MemoryWorker() {
    }

    public static void main(String[] args) throws Exception {
        long events = Long.parseLong(args[0]);
        PostgresConfig config = PostgresConfig.of(args[1], args[2], args[3]).withSchema(SCHEMA).withMaxPoolSize(4);
        try (HikariDataSource dataSource = config.dataSource();
                ProjectionEngine engine = ProjectionEngine.builder(new GeneratedEventSource(
                        HistoryGenerator.Options.of(events, 42).only(HistoryGenerator.Domain.ORDERS)))
                        .config(EngineConfig.DEFAULT)
                        .register(OrderProjections.orderSummary(), new PostgresReadModelStore(dataSource, SCHEMA),
                                ProjectionMode.CATCH_UP).build()) {
            java.util.concurrent.atomic.AtomicLong peakUsed = new java.util.concurrent.atomic.AtomicLong();
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peakUsed.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
            RebuildResult result = engine.rebuild("order-summary", RebuildOptions.TRUNCATE);
            sampler.interrupt();
            long peak = peakUsed.get();
            long live = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                    live += pool.getCollectionUsage().getUsed();
                }
            }
            System.out.printf(Locale.ROOT, "RESULT %d %.0f %d %d %d%n", result.checkpoint(),
                    result.checkpoint() * 1e9 / result.elapsed().toNanos(), peak >> 20, live >> 20,
                    Runtime.getRuntime().maxMemory() >> 20);
        }
        System.exit(0);
    }
}
