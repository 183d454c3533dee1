package dev.readmodel.benchmarks;

import java.util.Locale;

/**
 * One row of the benchmark table.
 *
 * @param scenario what was measured
 * @param events events per run
 * @param figure the engine's figure, such as {@code 121,413 events/s} or {@code p99 12 ms}
 * @param limit the raw limit measured in the same run, or what the figure is held against
 * @param ratio engine over limit where the row compares rates (the median of the ratios of paired runs), else NaN
 * @param target the least acceptable ratio, or the bound the figure must stay within
 * @param met whether the target is met
 * @param note how the figures were taken, or the bottleneck when the target is missed
 */
record Result(String scenario, long events, String figure, String limit, double ratio, String target, boolean met,
        String note) {

    /** A row of paired runs: the engine's rate beside the raw limit's. */
    static Result paired(String scenario, long events, Stats.Paired paired, String limitName, double target, String note) {
        return rate(scenario, events, paired.rate(), limitName, paired.limit(), paired.ratio(), target, note);
    }

    /** A row whose ratio is the ratio of the two medians. */
    static Result ofMedians(String scenario, long events, double eventsPerSecond, String limitName, double limit,
            double target, String note) {
        return rate(scenario, events, eventsPerSecond, limitName, limit, limit <= 0 ? 0 : eventsPerSecond / limit, target,
                note);
    }

    private static Result rate(String scenario, long events, double eventsPerSecond, String limitName, double limit,
            double ratio, double target, String note) {
        return new Result(scenario, events, number(eventsPerSecond) + " events/s", number(limit) + " " + limitName, ratio,
                String.format(Locale.ROOT, "%.2f", target), ratio >= target, note);
    }

    static String number(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    String ratioText() {
        return Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2f", ratio);
    }
}
