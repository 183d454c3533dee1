/**
 * The project's own test infrastructure, not API: how this build's integration tests find their real
 * servers ({@link dev.readmodel.testkit.internal.RealServer}), start a child JVM to kill
 * ({@link dev.readmodel.testkit.internal.ChildJvm}), and record the reliability drills' results
 * ({@link dev.readmodel.testkit.internal.ReliabilitySummary}). It ships in the testkit jar only because
 * every store module's tests share it; it may change or go in any release, so users' tests should not
 * depend on it.
 */
package dev.readmodel.testkit.internal;
