package dev.readmodel.benchmarks;

/**
 * One row of the benchmark table.
 *
 * @param scenario what was measured
 * @param events events per run
 * @param eventsPerSecond median rate of the engine
 * @param limitName what the raw limit is (for example "COPY rows/s")
 * @param limit median raw limit measured in the same run
 * @param ratio engine over limit: the median of the ratios of runs taken side by side where they were paired
 * @param target the least acceptable ratio of rate to limit
 * @param note how the figures were taken, or the bottleneck when the target is missed
 */
record Result(String scenario, long events, double eventsPerSecond, String limitName, double limit, double ratio,
        double target, String note) {

    /** A row of paired runs. */
    static Result paired(String scenario, long events, Stats.Paired paired, String limitName, double target, String note) {
        return new Result(scenario, events, paired.rate(), limitName, paired.limit(), paired.ratio(), target, note);
    }

    /** A row whose ratio is the ratio of the two medians. */
    static Result ofMedians(String scenario, long events, double eventsPerSecond, String limitName, double limit,
            double target, String note) {
        return new Result(scenario, events, eventsPerSecond, limitName, limit, limit <= 0 ? 0 : eventsPerSecond / limit,
                target, note);
    }

    boolean met() {
        return ratio() >= target;
    }
}
