package dev.readmodel.examples.cli;

import dev.readmodel.core.engine.RebuildOptions;
import dev.readmodel.core.engine.RebuildResult;
import dev.readmodel.core.error.ConfigurationException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Rebuilds one projection with a progress bar; Ctrl-C cancels after the current batch. */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
        description = "Rebuild a projection from the first event (truncate and replay, or --zero-downtime); with "
                + "--kafka, a stream-keyed projection consumed from the topic, while its instances run, printing "
                + "their summed progress.")
final class RebuildCommand implements Callable<Integer> {
    @Mixin
    private Options options;

    @Parameters(paramLabel = "PROJECTION", description = "order-summary, daily-sales, customer-activity, invoice-analytics or product-search.")
    private String projection;

    @Option(names = "--zero-downtime", description = "Build shadow read models while the old ones serve, then swap.")
    private boolean zeroDowntime;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        try (Session session = Session.open(options, false, err)) {
            if (options.kafka()) {
                if (zeroDowntime) {
                    throw new ConfigurationException("rebuild --kafka truncates and replays: --zero-downtime is for "
                            + "the engine's rebuilds");
                }
                return KafkaRun.rebuild(options, session.backends, projection, spec.commandLine().getOut(), err);
            }
            session.engine.status(projection); // unknown names fail before any work
            // Ctrl-C (or SIGTERM): stop after the current batch, and keep the JVM alive until the result is printed
            CountDownLatch reported = new CountDownLatch(1);
            Thread cancel = new Thread(() -> {
                if (session.engine.cancelRebuild(projection)) {
                    err.println();
                    err.println("cancelling after the current batch...");
                    err.flush();
                    try {
                        reported.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            Runtime.getRuntime().addShutdownHook(cancel);
            try {
                RebuildResult result = session.engine.rebuild(projection, (zeroDowntime ? RebuildOptions.ZERO_DOWNTIME
                        : RebuildOptions.TRUNCATE).withListener(new ProgressBar(err)));
                spec.commandLine().getOut().printf(Locale.ROOT, "%s %s: %,d events in %.1f s (%,.0f events/s), checkpoint %,d%n",
                        result.cancelled() ? "cancelled rebuild of" : "rebuilt", projection, result.eventsApplied(),
                        result.elapsed().toMillis() / 1000.0, result.eventsPerSecond(), result.checkpoint());
                spec.commandLine().getOut().flush();
                return result.cancelled() ? App.CANCELLED : 0;
            } finally {
                reported.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(cancel);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is already running
                }
            }
        }
    }
}
