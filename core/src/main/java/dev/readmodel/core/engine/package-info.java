/**
 * The engine that runs projections. Public: {@link dev.readmodel.core.engine.ProjectionEngine}, its
 * {@link dev.readmodel.core.engine.ProjectionEngine.Builder builder}, {@link dev.readmodel.core.engine.EngineConfig},
 * and rebuild options, progress and results. Everything else here is internal.
 *
 * <p>{@code ProjectionEngine} is a facade: it wires the owners below and delegates each call to one.
 * <ul>
 * <li>{@code EngineBuilder} collects and checks the settings; {@code Runners} finds a runner by
 *     projection or read model; {@code EngineLifecycle} starts and closes, with {@code EnginePhase} as the
 *     engine's one state field.</li>
 * <li>{@code Queries} (with {@code PartialAnswers}) answers from read models; {@code Operations} pauses,
 *     resumes, restarts and reports statuses; {@code DeadLetterReplay} lists and replays parked events;
 *     {@code Rebuilds} starts, resumes and cancels rebuilds, each run by a {@code Rebuilder};
 *     {@code AppendPath} appends, through {@code InlineParticipant} when projections are inline;
 *     {@code Waits} waits for checkpoints on the {@code ProgressSignal}.</li>
 * <li>{@code ProjectionRunner} runs one projection on its thread. Whether it may work is its
 *     {@code RunnerState} (active, paused, faulted, stopped, with the legal transitions checked); what it
 *     shows is its {@code RunnerStatus}, one immutable snapshot behind one volatile reference. Its lock is
 *     private: others work under it through {@code exclusively}. {@code RunnerLease}, {@code RunnerMarker}
 *     and {@code Retrier} keep its lease, its rebuild marker and its backoff.</li>
 * </ul>
 *
 * <p>One batch, in every mode: a {@code BatchSource} reads it (on the caller's thread, or ahead on the
 * {@code Prefetcher}'s); {@code ReadApplyLoop} hands it to the {@code BatchApplier}, which decodes the
 * events, lets the handlers change documents in a {@code UnitOfWork} (read through the
 * {@code DocumentCache}), and commits the writes with the checkpoint to the {@code ApplyTarget}'s writer
 * (the store, an append's transaction, a shadow copy, or a {@code PipelinedWriter} during a rebuild),
 * following the projection's failure policy; the commit updates the status, which wakes waiters. The
 * live runner runs the loop one batch at a time ({@code LiveStep}); inline catch-up, the inline gap
 * before an append and a rebuild's replay run it until caught up; the mode decides only the source,
 * the target and the plan.
 */
package dev.readmodel.core.engine;
