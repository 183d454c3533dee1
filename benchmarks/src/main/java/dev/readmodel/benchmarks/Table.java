package dev.readmodel.benchmarks;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Prints results as a fixed-width table, and as Markdown for the README. */
final class Table {
    private Table() {
    }

    static void print(List<Result> results, PrintStream out) {
        String format = "%-34s %10s %12s %12s %-22s %7s %7s %4s%n";
        out.printf(Locale.ROOT, format, "scenario", "events", "events/s", "raw limit", "(limit)", "ratio", "target", "met");
        for (Result r : results) {
            out.printf(Locale.ROOT, format, r.scenario(), r.events(), fmt(r.eventsPerSecond()), fmt(r.limit()),
                    r.limitName(), String.format(Locale.ROOT, "%.2f", r.ratio()),
                    String.format(Locale.ROOT, "%.2f", r.target()), r.met() ? "yes" : "NO");
        }
        out.println();
        for (Result r : results) {
            out.println("- " + r.scenario() + ": " + r.note());
        }
    }

    static void markdown(List<Result> results, PrintStream out) {
        out.println("| scenario | events | events/s | raw limit | ratio | target | met |");
        out.println("|---|---:|---:|---|---:|---:|---|");
        for (Result r : results) {
            out.printf(Locale.ROOT, "| %s | %d | %s | %s %s | %.2f | %.2f | %s |%n", r.scenario(), r.events(),
                    fmt(r.eventsPerSecond()), fmt(r.limit()), r.limitName(), r.ratio(), r.target(), r.met() ? "yes" : "no");
        }
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }
}
