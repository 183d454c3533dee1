/**
 * Helpers for testing projections and stores: {@link dev.readmodel.testkit.ProjectionFixture} (given
 * these events, expect this read model) for users' tests on the in-memory default or any store, and
 * the contract suites ({@code *Contract}) that every store implementation runs against its real server.
 */
package dev.readmodel.testkit;
