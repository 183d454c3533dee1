/**
 * End-to-end benchmarks against the real stores: each engine rate beside the raw limit measured in the
 * same run. Run with {@code scripts/bench.sh}.
 */
package dev.readmodel.benchmarks;
