package dev.readmodel.core.engine;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.error.ReadModelException;
import dev.readmodel.core.error.ReadModelRebuildingException;
import dev.readmodel.core.error.StateException;
import dev.readmodel.core.error.UnknownProjectionException;
import dev.readmodel.core.event.AppendResult;
import dev.readmodel.core.event.EventBatch;
import dev.readmodel.core.event.EventSource;
import dev.readmodel.core.event.EventStore;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.memory.InMemoryDeadLetterStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.spi.DeadLetterStore;
import dev.readmodel.core.spi.ProjectionLock;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.core.spi.TransactionalEventStore;
import dev.readmodel.core.status.DeadLetter;
import dev.readmodel.core.status.ProjectionState;
import dev.readmodel.core.status.ProjectionStatus;
import dev.readmodel.core.status.RebuildMarker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs projections: each on its own checkpoint and thread, in the mode it was registered with, against
 * the read-model store it was registered with. Thread-safe. Calls block; the engine owns its threads.
 *
 * <p>Guarantees: events reach each projection in position order; a batch's writes and its checkpoint
 * commit together ({@link dev.readmodel.core.spi.DeliveryGuarantee#ATOMIC} stores) or writes first with
 * per-document versions ({@link dev.readmodel.core.spi.DeliveryGuarantee#IDEMPOTENT}), so that after a
 * crash every event's effect on every document is applied exactly once. A handler that keeps failing
 * stops its projection at that event ({@link ProjectionState#FAULTED}) unless its policy parks the event.
 *
 * <p>A rebuild leaves a durable marker in the projection's checkpoint store until it has finished, so
 * that every status shows it ({@link ProjectionStatus#rebuild()}) after a killed process too. A truncate
 * rebuild that did not finish resumes when the engine starts; until then, answers from its read models
 * are partial ({@link #isPartial}), and an engine built with {@link Builder#refusePartialQueries()}
 * refuses them.
 *
 * <pre>{@code
 * try (ProjectionEngine engine = ProjectionEngine.builder(eventStore)
 *         .register(orderSummary, store, ProjectionMode.PERSISTENT)
 *         .build()) {
 *     engine.start();
 *     engine.append("order-1", ExpectedVersion.NO_STREAM, List.of(NewEvent.of("order.created", created)));
 *     engine.awaitCaughtUp(Duration.ofSeconds(5));
 *     List<Document> rows = engine.query("order_summaries", Query.all());
 * }
 * }</pre>
 */
public final class ProjectionEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectionEngine.class);

    private final EventSource source;
    private final EngineConfig config;
    private final DeadLetterStore deadLetters;
    private final Map<String, ProjectionRunner> runners;
    private final Map<String, ProjectionRunner> byReadModel = new LinkedHashMap<>();
    private final Map<String, AtomicBoolean> rebuilds = new ConcurrentHashMap<>();
    private final InlineParticipant inline;
    private final PartialAnswers answers;
    private volatile boolean started;
    private volatile boolean closed;

    private ProjectionEngine(Builder builder) {
        this.source = builder.source;
        this.config = builder.config;
        this.deadLetters = builder.deadLetters;
        this.answers = new PartialAnswers(builder.refusePartialQueries, () -> started);
        this.runners = new LinkedHashMap<>();
        List<ProjectionRunner> inlineRunners = new ArrayList<>();
        for (Registration r : builder.registrations) {
            ProjectionRunner runner = new ProjectionRunner(r.projection(), r.store(), r.mode(), source, config,
                    deadLetters, builder.lock, this::resumeRebuild);
            runners.put(r.projection().name(), runner);
            for (ReadModel model : r.projection().readModels()) {
                ProjectionRunner owner = byReadModel.putIfAbsent(model.name(), runner);
                if (owner != null) {
                    throw new ConfigurationException("Read model [" + model.name() + "] is written by projections ["
                            + owner.name() + "] and [" + r.projection().name() + "]; each read model has one owner");
                }
            }
            if (r.mode() == ProjectionMode.INLINE) {
                inlineRunners.add(runner);
            }
        }
        this.inline = inlineRunners.isEmpty() ? null
                : new InlineParticipant(List.copyOf(inlineRunners), source, config.batchSize());
    }

    /** Starts an engine definition reading from {@code source}. */
    public static Builder builder(EventSource source) {
        return new Builder(source);
    }

    /**
     * Prepares every store (creates tables, indexes) and starts the projections: inline ones catch up on
     * this thread before it returns; the others run on their own threads.
     *
     * @throws ReadModelException when a store cannot be prepared or an inline projection fails catching up
     */
    public synchronized void start() {
        requireOpen();
        if (started) {
            return;
        }
        for (ProjectionRunner runner : runners.values()) {
            runner.store.prepare(runner.projection.readModels());
        }
        for (ProjectionRunner runner : runners.values()) {
            if (runner.mode == ProjectionMode.INLINE) {
                catchUpInline(runner);
            } else {
                runner.start();
            }
        }
        started = true;
    }

    private void catchUpInline(ProjectionRunner runner) {
        runner.loadCheckpoint();
        if (runner.resumePending()) {
            resumeRebuild(runner);
        }
        runner.batchLock.lock();
        try {
            while (true) {
                long checkpoint = runner.status.checkpoint();
                runner.status.head(source.head());
                EventBatch batch = source.read(checkpoint, config.batchSize(), runner.projection.handledTypes());
                if (batch.readUpTo() <= checkpoint) {
                    break;
                }
                BatchApplier.Outcome outcome = runner.applier.apply(batch.events(), batch.readUpTo(), runner.store,
                        runner.cache);
                if (outcome != BatchApplier.Outcome.COMMITTED) {
                    runner.markFaulted();
                    return;
                }
            }
            runner.status.state(ProjectionState.LIVE);
        } finally {
            runner.batchLock.unlock();
        }
    }

    /**
     * Appends events to a stream; inline projections apply them in the same transaction, so that a read
     * right after this returns sees them.
     *
     * @throws dev.readmodel.core.error.WrongExpectedVersionException when the stream is not at {@code expected}
     * @throws dev.readmodel.core.error.ProjectionFailedException when an inline projection fails on an event;
     *     nothing was appended
     * @throws ConfigurationException when the engine's source is not an event store
     */
    public AppendResult append(String streamId, ExpectedVersion expected, List<NewEvent> events) {
        requireOpen();
        if (!(source instanceof EventStore store)) {
            throw new ConfigurationException("The engine reads from [" + source.getClass().getSimpleName()
                    + "], which cannot be appended to");
        }
        if (inline == null) {
            return store.append(streamId, expected, events);
        }
        if (!started) {
            throw new ConfigurationException("Start the engine before appending: inline projections must catch up first");
        }
        return ((TransactionalEventStore) source).append(streamId, expected, events, inline);
    }

    /**
     * Every projection's status, in registration order. Before {@link #start()}, the checkpoints are read
     * from the stores and the head from the event source, so that an operator can inspect stored state
     * without running anything.
     */
    public List<ProjectionStatus> status() {
        if (!started) {
            runners.values().forEach(this::inspect);
        }
        return runners.values().stream().map(r -> r.status.snapshot()).toList();
    }

    private void inspect(ProjectionRunner runner) {
        runner.status.checkpoint(runner.store.checkpoint(runner.name()));
        runner.status.head(source.head());
        if (!rebuilds.containsKey(runner.name())) {
            runner.inspectMarker();
        }
    }

    /**
     * Resumes the unfinished truncate rebuild the runner found in its store, on the runner's thread;
     * {@code false} when another rebuild of the projection runs now, so that it is tried again later.
     */
    private boolean resumeRebuild(ProjectionRunner runner) {
        AtomicBoolean cancelled = new AtomicBoolean();
        if (rebuilds.putIfAbsent(runner.name(), cancelled) != null) {
            return false;
        }
        try {
            if (closed) {
                return true;
            }
            LOG.info("Projection [{}] resumes its unfinished truncate rebuild: {}", runner.name(),
                    runner.status.rebuild().map(RebuildMarker::describe).orElse("?"));
            RebuildResult result = new Rebuilder(runner, source, config, RebuildOptions.TRUNCATE, cancelled).resume();
            LOG.info("Projection [{}] {} its resumed rebuild at checkpoint [{}] after {} events", runner.name(),
                    result.cancelled() ? "stopped" : "finished", result.checkpoint(), result.eventsApplied());
        } catch (ReadModelException e) {
            // a fault is on the status already; a closing engine stops here; the marker stays either way
            LOG.warn("Projection [{}] did not finish its resumed rebuild: {}", runner.name(), e.getMessage());
        } finally {
            rebuilds.remove(runner.name());
        }
        return true;
    }

    /**
     * One projection's status.
     *
     * @throws UnknownProjectionException when there is no such projection
     */
    public ProjectionStatus status(String projection) {
        ProjectionRunner runner = runner(projection);
        if (!started) {
            inspect(runner);
        }
        return runner.status.snapshot();
    }

    /** The projections, in registration order. */
    public List<Projection> projections() {
        return runners.values().stream().map(r -> r.projection).toList();
    }

    /**
     * The declaration of read model {@code name}.
     *
     * @throws UnknownProjectionException when no projection owns a read model of that name
     */
    public ReadModel readModel(String name) {
        ProjectionRunner owner = owner(name);
        return owner.projection.readModel(name).orElseThrow();
    }

    /**
     * Runs {@code query} on read model {@code readModelName}, in the store its projection writes to.
     *
     * @throws dev.readmodel.core.error.InvalidQueryException when the query names an undeclared field or a bad value
     * @throws UnknownProjectionException when no projection owns that read model
     * @throws ReadModelRebuildingException when the engine refuses partial queries and the read model's
     *     truncate rebuild has not finished
     */
    public List<Document> query(String readModelName, Query query) {
        ProjectionRunner owner = owner(readModelName);
        ReadModel model = owner.projection.readModel(readModelName).orElseThrow();
        Query checked = model.check(query);
        return answers.answer(readModelName, owner, () -> owner.store.query(model, checked));
    }

    /**
     * Runs {@code aggregation} on read model {@code readModelName}, in the store its projection writes to.
     *
     * @throws dev.readmodel.core.error.InvalidQueryException when the aggregation does not fit the read model
     * @throws UnknownProjectionException when no projection owns that read model
     * @throws ReadModelRebuildingException as {@link #query} does
     */
    public List<Document> aggregate(String readModelName, dev.readmodel.core.query.Aggregation aggregation) {
        ProjectionRunner owner = owner(readModelName);
        ReadModel model = owner.projection.readModel(readModelName).orElseThrow();
        dev.readmodel.core.query.Aggregation checked = model.check(aggregation);
        return answers.answer(readModelName, owner, () -> owner.store.aggregate(model, checked));
    }

    /**
     * Runs a full-text search on read model {@code readModelName}.
     *
     * @throws ConfigurationException when the read model's store has no full-text search
     * @throws dev.readmodel.core.error.InvalidQueryException when the search does not fit the read model
     * @throws ReadModelRebuildingException as {@link #query} does
     */
    public dev.readmodel.core.query.SearchResult search(String readModelName, dev.readmodel.core.query.SearchQuery search) {
        ProjectionRunner owner = owner(readModelName);
        ReadModel model = owner.projection.readModel(readModelName).orElseThrow();
        if (!(owner.store instanceof dev.readmodel.core.spi.SearchableStore searchable)) {
            throw new ConfigurationException("Read model [" + readModelName + "] is in store [" + owner.store.name()
                    + "], which has no full-text search");
        }
        dev.readmodel.core.query.SearchQuery checked = model.check(search);
        return answers.answer(readModelName, owner, () -> searchable.search(model, checked));
    }

    /**
     * Whether answers from read model {@code readModelName} may be partial now: its projection has a
     * truncate rebuild that has not finished (see {@link ProjectionStatus#rebuild()} for how far it got).
     * Call it after a query to tell whether that answer was whole. An engine that runs the projection
     * knows at once; before {@link #start()}, or on an instance that does not hold the projection's
     * lease, this reads the marker from the store.
     *
     * @throws UnknownProjectionException when no projection owns that read model
     */
    public boolean isPartial(String readModelName) {
        return answers.marker(owner(readModelName)).map(RebuildMarker::partial).orElse(false);
    }

    /**
     * Rebuilds {@code projection} from the first event, on this thread, and returns when it is done or
     * cancelled. Events appended meanwhile are applied too: the projection continues from the rebuild's
     * checkpoint. Works before {@link #start()}, to recreate read models whose declaration changed.
     * The rebuild's marker is stored before it changes anything and cleared when it has finished: a
     * truncate rebuild cancelled here is finished by the projection's own batches; one cut short by a
     * killed process resumes at the next {@link #start()}.
     *
     * @throws dev.readmodel.core.error.ProjectionFailedException when a handler fails under the fail policy
     * @throws StateException when the projection is already being rebuilt
     */
    public RebuildResult rebuild(String projection, RebuildOptions options) {
        requireOpen();
        ProjectionRunner runner = runner(projection);
        AtomicBoolean cancelled = new AtomicBoolean();
        if (rebuilds.putIfAbsent(projection, cancelled) != null) {
            throw new StateException("Projection [" + projection + "] is already being rebuilt");
        }
        try {
            // no prepare(): truncation and shadow builds create the tables from the current declaration,
            // which is how a rebuild repairs tables that no longer match a changed projection
            RebuildResult result = new Rebuilder(runner, source, config, options, cancelled).run();
            if (!runner.isRunning() && started && runner.mode != ProjectionMode.INLINE && !closed) {
                runner.restart();
            }
            return result;
        } finally {
            rebuilds.remove(projection);
        }
    }

    /** Asks a running rebuild of {@code projection} to stop after its current batch; {@code false} when none runs. */
    public boolean cancelRebuild(String projection) {
        AtomicBoolean flag = rebuilds.get(projection);
        if (flag == null) {
            return false;
        }
        flag.set(true);
        return true;
    }

    /** Stops applying events to {@code projection} after its current batch, until {@link #resume}. */
    public void pause(String projection) {
        runner(projection).pause();
    }

    /** Resumes a paused projection. */
    public void resume(String projection) {
        runner(projection).resume();
    }

    /** Clears a fault: the projection tries the event it stopped at again (after a fix or a redeploy). */
    public void restart(String projection) {
        runner(projection).restart();
    }

    /** Events {@code projection} parked under the dead-letter policy, in position order. */
    public List<DeadLetter> deadLetters(String projection) {
        runner(projection);
        return deadLetters.list(projection);
    }

    /**
     * Applies every parked event of {@code projection} again, in position order, after a fix: each that
     * succeeds is applied once and removed; each that fails stays parked with its new error.
     */
    public ReplayResult replayDeadLetters(String projection) {
        ProjectionRunner runner = runner(projection);
        int replayed = 0;
        List<DeadLetter> failing = new ArrayList<>();
        runner.batchLock.lock();
        try {
            runner.requireLease();
            for (DeadLetter letter : deadLetters.list(projection)) {
                Optional<Exception> failure = runner.applier.replayParked(letter.event(), runner.store, runner.cache);
                if (failure.isEmpty()) {
                    deadLetters.remove(projection, letter.event().position());
                    replayed++;
                } else {
                    DeadLetter again = new DeadLetter(projection, letter.event(), RunnerStatus.describe(failure.get()),
                            letter.attempts() + 1, java.time.Instant.now());
                    deadLetters.park(again);
                    failing.add(again);
                }
            }
        } finally {
            runner.batchLock.unlock();
        }
        return new ReplayResult(replayed, failing);
    }

    /**
     * Waits until every projection has committed up to the event source's head as of this call, and has
     * no unfinished truncate rebuild, or is faulted. For examples, tests and batch jobs.
     *
     * @return {@code true} when all caught up within {@code timeout}
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        long target = source.head().position();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (ProjectionRunner runner : runners.values()) {
                ProjectionStatus status = runner.status.snapshot();
                boolean behind = status.checkpoint() < target || (status.partial() && runner.runsHere());
                if (behind && status.state() != ProjectionState.FAULTED) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return true;
            }
            Thread.sleep(5);
        }
        return false;
    }

    /**
     * Waits until {@code projection} has committed up to {@code position}.
     *
     * @return {@code true} when it did within {@code timeout}
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitCheckpoint(String projection, long position, Duration timeout) throws InterruptedException {
        ProjectionRunner runner = runner(projection);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (runner.status.checkpoint() < position) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(2);
        }
        return true;
    }

    /**
     * Stops every projection: each finishes or abandons its current batch (nothing is committed twice)
     * within the configured stop timeout. Safe to call twice.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        rebuilds.values().forEach(flag -> flag.set(true));
        runners.values().forEach(ProjectionRunner::stop);
        long deadline = System.nanoTime() + config.stopTimeout().toNanos();
        try {
            for (ProjectionRunner runner : runners.values()) {
                runner.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ProjectionRunner runner(String projection) {
        ProjectionRunner runner = runners.get(projection);
        if (runner == null) {
            throw new UnknownProjectionException("Unknown projection [" + projection + "]; known projections: "
                    + runners.keySet());
        }
        return runner;
    }

    private ProjectionRunner owner(String readModel) {
        ProjectionRunner runner = byReadModel.get(readModel);
        if (runner == null) {
            throw new UnknownProjectionException("Unknown read model [" + readModel + "]; known read models: "
                    + byReadModel.keySet());
        }
        return runner;
    }

    private void requireOpen() {
        if (closed) {
            throw new StateException("The engine is closed");
        }
    }

    private record Registration(Projection projection, ReadModelStore store, ProjectionMode mode) {
    }

    /** Collects projections and settings; not thread-safe. */
    public static final class Builder {
        private final EventSource source;
        private EngineConfig config = EngineConfig.DEFAULT;
        private DeadLetterStore deadLetters = new InMemoryDeadLetterStore();
        private ProjectionLock lock;
        private boolean refusePartialQueries;
        private final List<Registration> registrations = new ArrayList<>();

        private Builder(EventSource source) {
            this.source = Objects.requireNonNull(source, "source");
        }

        /** Sets batch sizes, poll interval, backoff and cache; {@link EngineConfig#DEFAULT} otherwise. */
        public Builder config(EngineConfig value) {
            config = Objects.requireNonNull(value, "config");
            return this;
        }

        /** Where parked events go; an in-memory store otherwise. */
        public Builder deadLetters(DeadLetterStore value) {
            deadLetters = Objects.requireNonNull(value, "deadLetters");
            return this;
        }

        /**
         * Runs each projection (except inline ones, which apply in their append's transaction) only while
         * this instance holds its lease from {@code value}, so that several instances can run the same
         * projections for failover. Without it, this instance assumes it is the only one.
         */
        public Builder lock(ProjectionLock value) {
            lock = Objects.requireNonNull(value, "lock");
            return this;
        }

        /**
         * Makes {@link ProjectionEngine#query}, {@link ProjectionEngine#aggregate} and
         * {@link ProjectionEngine#search} throw {@link ReadModelRebuildingException} on a read model whose
         * truncate rebuild has not finished, instead of answering from a partly rebuilt read model. Reads
         * during a zero-downtime rebuild are answered: the previous read models serve, whole.
         */
        public Builder refusePartialQueries() {
            refusePartialQueries = true;
            return this;
        }

        /**
         * Adds a projection writing to {@code store}, run in {@code mode}.
         *
         * @throws ConfigurationException when the name is taken, or {@code INLINE} is asked of a source
         *     that cannot share its transaction
         */
        public Builder register(Projection projection, ReadModelStore store, ProjectionMode mode) {
            Objects.requireNonNull(projection, "projection");
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(mode, "mode");
            if (registrations.stream().anyMatch(r -> r.projection().name().equals(projection.name()))) {
                throw new ConfigurationException("Projection [" + projection.name() + "] is registered twice");
            }
            if (mode == ProjectionMode.INLINE && !(source instanceof TransactionalEventStore)) {
                throw new ConfigurationException("Projection [" + projection.name() + "] is INLINE but the event source ["
                        + source.getClass().getSimpleName() + "] cannot share its append transaction");
            }
            registrations.add(new Registration(projection, store, mode));
            return this;
        }

        /** Builds the engine; {@link ProjectionEngine#start()} starts it. */
        public ProjectionEngine build() {
            return new ProjectionEngine(this);
        }
    }
}
