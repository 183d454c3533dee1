package dev.readmodel.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Medians, and a timer that turns a run into a rate. */
final class Stats {
    private Stats() {
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** One run that measures and returns its own rate. */
    @FunctionalInterface
    interface Rate {
        double measure() throws Exception;
    }

    /** Medians of the engine's rate and the limit, and the median of their ratios run by run. */
    record Paired(double rate, double limit, double ratio) {
    }

    /**
     * Measures {@code rate} and {@code limit} alternately: one warm-up of each, then {@code runs} pairs, each
     * pair's ratio taken from two runs seconds apart, so that a slow spell on a shared machine lowers both
     * sides of a pair rather than one side of the table.
     */
    static Paired paired(int runs, java.io.PrintStream log, String label, String unit, Rate rate, String limitLabel,
            String limitUnit, Rate limit) throws Exception {
        List<Double> rates = new ArrayList<>();
        List<Double> limits = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int run = 0; run <= runs; run++) {
            String which = run == 0 ? "(warm-up)" : "#" + run;
            double measured = rate.measure();
            log.printf(java.util.Locale.ROOT, "%s %s %,.0f %s%n", label, which, measured, unit);
            double raw = limit.measure();
            log.printf(java.util.Locale.ROOT, "%s %s %,.0f %s (ratio %.2f)%n", limitLabel, which, raw, limitUnit,
                    measured / raw);
            if (run > 0) {
                rates.add(measured);
                limits.add(raw);
                ratios.add(measured / raw);
            }
        }
        return new Paired(median(rates), median(limits), median(ratios));
    }

    /** Work whose count of items is returned, timed. */
    @FunctionalInterface
    interface Work {
        long run() throws Exception;
    }

    /** Items per second of one run of {@code work}. */
    static double rate(Work work) throws Exception {
        long start = System.nanoTime();
        long items = work.run();
        return items * 1e9 / (System.nanoTime() - start);
    }
}
