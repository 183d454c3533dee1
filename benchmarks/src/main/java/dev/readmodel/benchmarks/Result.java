package dev.readmodel.benchmarks;

/**
 * One row of the benchmark table.
 *
 * @param scenario what was measured
 * @param events events per run
 * @param eventsPerSecond median rate of the engine
 * @param limitName what the raw limit is (for example "COPY rows/s")
 * @param limit median raw limit measured in the same run
 * @param target the least acceptable ratio of rate to limit
 * @param note how the figures were taken, or the bottleneck when the target is missed
 */
record Result(String scenario, long events, double eventsPerSecond, String limitName, double limit, double target,
        String note) {

    double ratio() {
        return limit <= 0 ? 0 : eventsPerSecond / limit;
    }

    boolean met() {
        return ratio() >= target;
    }
}
