/** Reproducible generated histories for the examples, tests and benchmarks. */
package dev.readmodel.examples.history;
