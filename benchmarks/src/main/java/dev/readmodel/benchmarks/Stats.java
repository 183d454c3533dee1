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
