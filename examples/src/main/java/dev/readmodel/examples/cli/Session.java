package dev.readmodel.examples.cli;

import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.status.ProjectionState;
import dev.readmodel.core.status.ProjectionStatus;
import dev.readmodel.examples.history.EventLoader;
import dev.readmodel.examples.history.HistoryGenerator;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/** The backends, the engine, and the generated history, as every command needs them. */
final class Session implements AutoCloseable {
    /** Batches of 5,000 while catching up: every batch costs each store a few round trips, so fewer is faster. */
    static final EngineConfig CONFIG = EngineConfig.DEFAULT.withPollInterval(Duration.ofMillis(100))
            .withBatchSize(5_000).withRebuildBatchSize(20_000);

    final Options options;
    final Backends backends;
    final ProjectionEngine engine;
    private final PrintWriter err;

    private Session(Options options, PrintWriter err) {
        this.options = options;
        this.err = err;
        this.backends = Backends.open(options);
        this.engine = backends.engine(CONFIG);
    }

    /**
     * Opens the backends; in memory (or on an empty event store, when {@code loadIfEmpty}) appends the
     * generated history first.
     */
    static Session open(Options options, boolean loadIfEmpty, PrintWriter err) {
        Session session = new Session(options, err);
        try {
            boolean empty = session.backends.events.head().position() == 0;
            if (!session.backends.persistent || (loadIfEmpty && empty)) {
                session.load(generator(options, options.events()));
            }
            return session;
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    static HistoryGenerator generator(Options options, long events) {
        return new HistoryGenerator(HistoryGenerator.Options.of(events, options.seed()));
    }

    void load(HistoryGenerator history) {
        long started = System.nanoTime();
        boolean terminal = System.console() != null;
        long total = EventLoader.load(backends.events, history, 2_000, n -> {
            if (terminal && n % 50_000 < 2_000) {
                err.printf(Locale.ROOT, "\rappending history: %,d events", n);
            }
        });
        err.printf(Locale.ROOT, "%sappended %,d events in %.1f s%n", terminal ? "\r" : "", total,
                (System.nanoTime() - started) / 1e9);
    }

    /** Starts the engine and waits until every projection has caught up, reporting progress. */
    void catchUp() throws InterruptedException {
        long started = System.nanoTime();
        engine.start();
        while (!engine.awaitCaughtUp(Duration.ofSeconds(1))) {
            long behind = engine.status().stream().mapToLong(ProjectionStatus::lagEvents).max().orElse(0);
            err.printf(Locale.ROOT, System.console() != null ? "\rcatching up: %,d events behind   " : "catching up: %,d events behind%n",
                    behind);
        }
        err.printf(Locale.ROOT, "%sall projections caught up in %.1f s%n", System.console() != null ? "\r" : "",
                (System.nanoTime() - started) / 1e9);
        for (ProjectionStatus status : engine.status()) {
            if (status.state() == ProjectionState.FAULTED) {
                err.println("projection " + status.projection() + " is FAULTED: "
                        + status.lastError().map(e -> e.message()).orElse("?"));
            }
        }
    }

    /** Warns when answers from {@code readModel} may be partial: its truncate rebuild has not finished. */
    void notePartial(String readModel) {
        if (engine.isPartial(readModel)) {
            err.println("note: read model " + readModel + " is partly rebuilt (see 'status'); this answer may be incomplete");
        }
    }

    @Override
    public void close() {
        engine.close();
        backends.close();
    }
}
