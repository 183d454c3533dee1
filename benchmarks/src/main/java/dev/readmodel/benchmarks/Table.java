package dev.readmodel.benchmarks;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Prints results as a fixed-width table, and as Markdown for the README. */
final class Table {
    private Table() {
    }

    static void print(List<Result> results, PrintStream out) {
        String format = "%-36s %9s %-26s %-34s %6s %-16s %4s%n";
        out.printf(Locale.ROOT, format, "scenario", "events", "figure", "raw limit / bound", "ratio", "target", "met");
        for (Result r : results) {
            out.printf(Locale.ROOT, format, r.scenario(), r.events(), r.figure(), r.limit(), r.ratioText(), r.target(),
                    r.met() ? "yes" : "NO");
        }
        out.println();
        for (Result r : results) {
            out.println("- " + r.scenario() + ": " + r.note());
        }
    }

    static void markdown(List<Result> results, PrintStream out) {
        out.println("| scenario | events | figure | raw limit / bound | ratio | target | met |");
        out.println("|---|---:|---:|---|---:|---|---|");
        for (Result r : results) {
            out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s |%n", r.scenario(), r.events(), r.figure(), r.limit(),
                    r.ratioText(), r.target(), r.met() ? "yes" : "no");
        }
    }
}
