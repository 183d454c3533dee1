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
            if (options.kafka()) {
                return throughKafka(session, out, err);
            }
            session.catchUp();
            appendLive(session, err, () -> session.engine.awaitCaughtUp(Duration.ofMinutes(1)));
            new Answers(session.engine, out).printAll();
            out.println();
            out.println("== Projections");
            StatusTable.print(session.engine.status(), out);
        }
        return 0;
    }

    /** The same demo with the projections consumed from Kafka instead of run by the engine. */
    private int throughKafka(Session session, PrintWriter out, PrintWriter err) throws InterruptedException {
        try (KafkaRun kafka = KafkaRun.start(options, session.backends)) {
            err.println("projections: through Kafka at " + options.kafkaBootstrap() + ", " + options.kafkaInstances()
                    + " instance(s) each");
            if (!kafka.awaitCaughtUp(Duration.ofMinutes(10), err)) {
                err.println("kafka: the projections did not catch up within 10 minutes");
                return 1;
            }
            appendLive(session, err, () -> kafka.awaitCaughtUp(Duration.ofMinutes(1), err));
            new Answers(session.engine, out).printAll();
            out.println();
            out.println("== Projections (Kafka)");
            KafkaRun.print(kafka.status(), out);
        }
        return 0;
    }

    /** Waits until what was appended is applied; false when it was not in time. */
    @FunctionalInterface
    private interface Applied {
        boolean await() throws InterruptedException;
    }

    /** Appends events that continue the history while the projections run, then waits until they are applied. */
    private void appendLive(Session session, PrintWriter err, Applied applied) throws InterruptedException {
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
        boolean caughtUp = applied.await();
        err.printf(Locale.ROOT, "live: appended %,d events in %.1f s while running; %s%n", liveEvents,
                (System.nanoTime() - started) / 1e9, caughtUp ? "all applied" : "NOT all applied within a minute");
    }
}
