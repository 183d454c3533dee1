package dev.readmodel.examples.cli;

import dev.readmodel.core.engine.RebuildProgress;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A one-line progress bar for rebuilds: events done of total, events/s, ETA. Redraws in place on a
 * terminal at most ten times a second; prints a line every few seconds when output is not a terminal.
 */
final class ProgressBar implements Consumer<RebuildProgress> {
    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final boolean terminal;
    private long lastDraw;

    ProgressBar(PrintWriter out) {
        this.out = out;
        this.terminal = System.console() != null;
    }

    @Override
    public void accept(RebuildProgress progress) {
        long now = System.nanoTime();
        boolean done = progress.position() >= progress.head();
        if (!done && now - lastDraw < (terminal ? 100_000_000L : 3_000_000_000L)) {
            return;
        }
        lastDraw = now;
        int filled = (int) Math.round(progress.fraction() * WIDTH);
        String line = String.format(Locale.ROOT, "[%s%s] %3.0f%% %,d/%,d  %,.0f events/s  ETA %s",
                "#".repeat(filled), ".".repeat(WIDTH - filled), progress.fraction() * 100, progress.position(),
                progress.head(), progress.eventsPerSecond(),
                progress.eta().map(StatusTable::human).orElse("?"));
        if (terminal) {
            out.print("\r" + line + "   ");
            if (done) {
                out.println();
            }
        } else {
            out.println(line);
        }
        out.flush();
    }
}
