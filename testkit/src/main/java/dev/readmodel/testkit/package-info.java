/**
 * The user-facing kit for testing projections and stores:
 * <ul>
 *   <li>{@link dev.readmodel.testkit.ProjectionFixture}: given these events, expect this read model, for
 *       users' tests of their projections on the in-memory default or on any store;</li>
 *   <li>the contract suites, abstract JUnit classes that a store implementation extends with a factory
 *       for its backend and runs against its real server: {@link dev.readmodel.testkit.EventStoreContract},
 *       {@link dev.readmodel.testkit.ReadModelStoreContract}, {@link dev.readmodel.testkit.CheckpointStoreContract},
 *       {@link dev.readmodel.testkit.ProjectionLockContract} and
 *       {@link dev.readmodel.testkit.DeadLetterStoreContract};</li>
 *   <li>{@link dev.readmodel.testkit.SampleOrders}, a small domain whose read models change if an event is
 *       skipped or applied twice, and {@link dev.readmodel.testkit.StoreContents}, which reads whole read
 *       models out of a store for comparisons.</li>
 * </ul>
 * The build's own scaffolding (finding real servers, child JVMs, the reliability summary) lives in
 * {@code dev.readmodel.testkit.internal} and is not part of this kit.
 */
package dev.readmodel.testkit;
