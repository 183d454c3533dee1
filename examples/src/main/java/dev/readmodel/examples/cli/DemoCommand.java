package dev.readmodel.examples.cli;

import dev.readmodel.examples.history.GeneratedEvent;
import dev.readmodel.examples.history.HistoryGenerator;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The main job: history, catch-up, live events, answers, status. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generate a history, project it (catch-up, then live while more events arrive), print answers.")
final class DemoCommand implements Callable<Integer> {
    @Mixin
    private Options options;

    @Option(names = "--live-events", defaultValue = "5000",
            description = "Events appended while the projections run live (default: ${DEFAULT-VALUE}).")
    private int liveEvents;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Session session = Session.open(options, true, err)) {
            session.backends.describe().forEach((what, where) -> err.println(what + ": " + where));
            session.catchUp();
            appendLive(session, err);
            new Answers(session.engine, out).printAll();
            out.println();
            out.println("== Projections");
            StatusTable.print(session.engine.status(), out);
        }
        return 0;
    }

    /** Appends events that continue the history while the projections run, then waits until they are applied. */
    private void appendLive(Session session, PrintWriter err) throws InterruptedException {
        if (liveEvents <= 0) {
            return;
        }
        long head = session.backends.events.head().position();
        HistoryGenerator continuation = Session.generator(options, head + liveEvents);
        for (long skipped = 0; skipped < head && continuation.hasNext(); skipped++) {
            continuation.next();
        }
        long started = System.nanoTime();
        List<GeneratedEvent> batch = new ArrayList<>();
        while (continuation.hasNext()) {
            batch.add(continuation.next());
            if (batch.size() == 100 || !continuation.hasNext()) {
                dev.readmodel.examples.history.EventLoader.load(session.backends.events, batch.iterator(), 100, n -> { });
                batch.clear();
                Thread.sleep(20); // a steady trickle, as from a live system
            }
        }
        boolean caughtUp = session.engine.awaitCaughtUp(Duration.ofMinutes(1));
        err.printf(Locale.ROOT, "live: appended %,d events in %.1f s while running; %s%n", liveEvents,
                (System.nanoTime() - started) / 1e9, caughtUp ? "all applied" : "NOT all applied within a minute");
    }
}
