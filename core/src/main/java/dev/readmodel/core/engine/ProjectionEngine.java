package dev.readmodel.core.engine;

import dev.readmodel.core.change.CommitListener;
import dev.readmodel.core.change.Subscription;
import dev.readmodel.core.change.SubscriptionOptions;
import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.error.ReadModelBehindException;
import dev.readmodel.core.error.ReadModelException;
import dev.readmodel.core.error.ReadModelRebuildingException;
import dev.readmodel.core.error.StateException;
import dev.readmodel.core.error.UnknownProjectionException;
import dev.readmodel.core.event.AppendResult;
import dev.readmodel.core.event.EventSource;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.query.Aggregation;
import dev.readmodel.core.query.Consistency;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.query.SearchQuery;
import dev.readmodel.core.query.SearchResult;
import dev.readmodel.core.spi.AppendTransactions;
import dev.readmodel.core.spi.DeadLetterStore;
import dev.readmodel.core.spi.ProjectionLock;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.core.status.BatchObserver;
import dev.readmodel.core.status.DeadLetter;
import dev.readmodel.core.status.ProjectionState;
import dev.readmodel.core.status.ProjectionStatus;
import dev.readmodel.core.typed.TypedReadModel;
import dev.readmodel.core.upcast.Upcasters;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

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
 *
 * <p>This class only wires and delegates; each concern has one owner in this package (see its
 * {@code package-info}).
 */
public final class ProjectionEngine implements AutoCloseable {
    private final Runners runners;
    private final EngineLifecycle lifecycle;
    private final AppendPath appends;
    private final Operations operations;
    private final Queries queries;
    private final Rebuilds rebuilds;
    private final DeadLetterReplay deadLetters;
    private final Waits waits;
    private final Notices notices;

    ProjectionEngine(EngineBuilder.Settings settings) {
        EventSource source = settings.source();
        EngineConfig config = settings.config();
        EnginePhase phase = new EnginePhase();
        ProgressSignal signal = new ProgressSignal();
        this.rebuilds = new Rebuilds(source, config, phase);
        this.notices = new Notices(settings.registrations().stream().map(EngineBuilder.Registration::projection).toList(),
                config.queryCacheSize());
        this.runners = new Runners(settings.registrations().stream()
                .map(r -> new ProjectionRunner(r.projection(), r.store(), r.mode(), source, config,
                        settings.deadLetters(), settings.lock(), rebuilds::resume, signal, notices))
                .toList());
        List<ProjectionRunner> inline = runners.inline();
        this.appends = new AppendPath(UpcastingSource.unwrap(source), phase,
                inline.isEmpty() ? null : new InlineParticipant(inline, source, config.batchSize()), notices,
                settings.transactions(), UpcastingSource.upcasters(source));
        this.lifecycle = new EngineLifecycle(runners, source, config, phase, rebuilds);
        this.operations = new Operations(runners, rebuilds, phase, source, notices);
        this.waits = new Waits(runners, source, signal);
        this.queries = new Queries(runners, new PartialAnswers(settings.refusePartialQueries(), phase::wasStarted),
                notices, waits);
        this.deadLetters = new DeadLetterReplay(runners, settings.deadLetters());
    }

    /** Starts an engine definition reading from {@code source}. */
    public static Builder builder(EventSource source) {
        return new EngineBuilder(source);
    }

    /**
     * Prepares every store (creates tables, indexes) and starts the projections: inline ones catch up on
     * this thread before it returns; the others run on their own threads. A second call does nothing.
     *
     * @throws StateException when the engine is closed
     * @throws ReadModelException when a store cannot be prepared or an inline projection fails catching up
     */
    public void start() {
        lifecycle.start();
    }

    /**
     * Appends events to a stream; inline projections apply them in the same transaction, so that a read
     * right after this returns sees them.
     *
     * @throws dev.readmodel.core.error.WrongExpectedVersionException when the stream is not at {@code expected}
     * @throws dev.readmodel.core.error.ProjectionFailedException when an inline projection fails on an event;
     *     nothing was appended
     * @throws ConfigurationException when the engine's source is not an event store
     * @throws dev.readmodel.core.error.StateException when the engine has inline projections and is not
     *     started yet, or is closed
     */
    public AppendResult append(String streamId, ExpectedVersion expected, List<NewEvent> events) {
        return appends.append(streamId, expected, events);
    }

    /**
     * Every projection's status, in registration order. Before {@link #start()}, the checkpoints are read
     * from the stores and the head from the event source, so that an operator can inspect stored state
     * without running anything.
     */
    public List<ProjectionStatus> status() {
        return operations.statuses();
    }

    /**
     * One projection's status, as {@link #status()} reads it.
     *
     * @throws UnknownProjectionException when there is no such projection
     */
    public ProjectionStatus status(String projection) {
        return operations.status(projection);
    }

    /** The projections, in registration order. */
    public List<Projection> projections() {
        return runners.all().stream().map(ProjectionRunner::projection).toList();
    }

    /**
     * The {@link ReadModelStore#name() name} of the read-model store {@code projection} was registered with,
     * such as {@code postgres}: for metrics and logs that tell the stores apart.
     *
     * @throws UnknownProjectionException when there is no such projection
     */
    public String storeName(String projection) {
        return runners.runner(projection).store().name();
    }

    /**
     * The declaration of read model {@code name}.
     *
     * @throws UnknownProjectionException when no projection owns a read model of that name
     */
    public ReadModel readModel(String name) {
        return queries.readModel(name);
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
        return queries.query(readModelName, query);
    }

    /**
     * {@link #query(String, Query)} on a typed read model, answered as records.
     *
     * @throws ConfigurationException when the projection owning the read model declares it otherwise than {@code model}
     * @throws dev.readmodel.core.error.InvalidDocumentException when a stored document does not convert to the record
     */
    public <R extends Record> List<R> query(TypedReadModel<R> model, Query query) {
        return queries.query(model, query);
    }

    /**
     * The record of typed read model {@code model} whose key is {@code id}, if there is one; a query, so it
     * throws what {@link #query(TypedReadModel, Query)} throws.
     */
    public <R extends Record> Optional<R> findById(TypedReadModel<R> model, String id) {
        return queries.findById(model, id);
    }

    /**
     * {@link #query(String, Query)} with read-your-writes: waits until the projection owning the read model
     * has committed at least {@code consistency.minPosition()} (applied that event, or passed it as one it
     * ignores), up to {@code consistency.maxWait()}. Pass an append's {@link AppendResult#lastPosition()}
     * to see that append's effect.
     *
     * @throws ReadModelBehindException when the projection has not reached the position within the wait
     * @throws InterruptedException when interrupted while waiting
     */
    public List<Document> query(String readModelName, Query query, Consistency consistency) throws InterruptedException {
        return queries.query(readModelName, query, consistency);
    }

    /**
     * Runs {@code aggregation} on read model {@code readModelName}, in the store its projection writes to.
     *
     * @throws dev.readmodel.core.error.InvalidQueryException when the aggregation does not fit the read model
     * @throws UnknownProjectionException when no projection owns that read model
     * @throws ReadModelRebuildingException as {@link #query} does
     */
    public List<Document> aggregate(String readModelName, Aggregation aggregation) {
        return queries.aggregate(readModelName, aggregation);
    }

    /**
     * Runs a full-text search on read model {@code readModelName}.
     *
     * @throws ConfigurationException when the read model's store has no full-text search
     * @throws dev.readmodel.core.error.InvalidQueryException when the search does not fit the read model
     * @throws ReadModelRebuildingException as {@link #query} does
     */
    public SearchResult search(String readModelName, SearchQuery search) {
        return queries.search(readModelName, search);
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
        return queries.isPartial(readModelName);
    }

    /**
     * Rebuilds {@code projection} from the first event, on this thread, and returns when it is done or
     * cancelled. Events appended meanwhile are applied too: the projection continues from the rebuild's
     * checkpoint. Works before {@link #start()}, to recreate read models whose declaration changed.
     * The rebuild's marker is stored before it changes anything and cleared when it has finished: a
     * truncate rebuild cancelled here is finished by the projection's own batches; one cut short by a
     * killed process resumes at the next {@link #start()}. A read or store failure that ends it is
     * thrown here and shown as the projection's last error.
     *
     * @throws dev.readmodel.core.error.ProjectionFailedException when a handler fails under the fail policy
     * @throws StateException when the projection is already being rebuilt, or the engine is closed
     */
    public RebuildResult rebuild(String projection, RebuildOptions options) {
        return rebuilds.rebuild(runners.runner(projection), options);
    }

    /** Asks a running rebuild of {@code projection} to stop after its current batch; {@code false} when none runs. */
    public boolean cancelRebuild(String projection) {
        return operations.cancelRebuild(projection);
    }

    /**
     * Stops applying events to {@code projection} after its current batch, until {@link #resume}. Pause and
     * fault are independent: a faulted projection that is paused stays paused after its {@link #restart},
     * and a paused one that faults (in a rebuild) stays faulted after its resume.
     */
    public void pause(String projection) {
        operations.pause(projection);
    }

    /** Resumes a paused projection; a fault, if any, stays until {@link #restart}. */
    public void resume(String projection) {
        operations.resume(projection);
    }

    /**
     * Clears a fault: the projection tries the event it stopped at again (after a fix or a redeploy), unless
     * it is also paused, when it waits for {@link #resume}.
     */
    public void restart(String projection) {
        operations.restart(projection);
    }

    /** Events {@code projection} parked under the dead-letter policy, in position order. */
    public List<DeadLetter> deadLetters(String projection) {
        return deadLetters.list(projection);
    }

    /**
     * Applies every parked event of {@code projection} again, in position order, after a fix: each that
     * succeeds is applied once and removed; each that fails stays parked with its new error.
     *
     * @throws dev.readmodel.core.error.ProjectionLockedException when another instance holds the projection's lease
     */
    public ReplayResult replayDeadLetters(String projection) {
        return deadLetters.replay(projection);
    }

    /**
     * Waits until every projection has committed up to the event source's head as of this call, and has
     * no unfinished truncate rebuild, or is faulted. For examples, tests and batch jobs. Woken by each
     * commit and state change, not by polling.
     *
     * @return {@code true} when all caught up within {@code timeout}
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return waits.awaitCaughtUp(timeout);
    }

    /**
     * Waits until {@code projection} has committed up to {@code position}.
     *
     * @return {@code true} when it did within {@code timeout}
     * @throws UnknownProjectionException when there is no such projection
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitCheckpoint(String projection, long position, Duration timeout) throws InterruptedException {
        return waits.awaitCheckpoint(projection, position, timeout);
    }

    /**
     * The position up to which queries on {@code projection}'s read models see its writes now, on an
     * instance that runs it: its checkpoint, or less while a store that shows writes later (Elasticsearch)
     * has not shown its last catch-up batches yet. What an answer read now is sure to include. Cheap: no I/O.
     *
     * @throws UnknownProjectionException when there is no such projection
     */
    public long readablePosition(String projection) {
        return runners.runner(projection).status().readableCheckpoint();
    }

    /**
     * Waits until {@code projection} has committed at least {@code position} (applied that event, or passed
     * it as one it ignores) and its store shows those writes to queries: a store that makes writes visible
     * at a cost (Elasticsearch) may show a catch-up batch only with the next batch that reaches the head,
     * so while a projection catches up this may wait for more than {@code position}. The barrier for
     * reading your own writes.
     *
     * @return {@code true} when it did within {@code timeout}
     * @throws UnknownProjectionException when there is no such projection
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitPosition(String projection, long position, Duration timeout) throws InterruptedException {
        return waits.awaitReadable(projection, position, timeout);
    }

    /**
     * {@link #awaitPosition(String, long, Duration)} for several projections at once, within one timeout: a
     * consistent barrier for a page that reads the read models of all of them.
     *
     * @return {@code true} when every one reached {@code position} within {@code timeout}
     * @throws UnknownProjectionException when one of them does not exist
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitPosition(Collection<String> projections, long position, Duration timeout)
            throws InterruptedException {
        return waits.awaitReadable(projections, position, timeout);
    }

    /**
     * Subscribes {@code listener} to what the projections commit, from now on: each committed batch with
     * the documents it changed, read models replaced by a rebuild, and, should the listener fall behind
     * by more than its buffer, an {@link dev.readmodel.core.change.Overflowed} in place of the notices
     * dropped. Notices come only after the store committed (an inline projection's after the append's
     * transaction did), so a listener never sees a write that is rolled back. Only this instance's
     * commits are seen: with several instances, the one holding a projection's lease.
     *
     * @throws UnknownProjectionException when {@code options} names a read model no projection owns
     */
    public Subscription subscribe(CommitListener listener, SubscriptionOptions options) {
        return notices.subscribe(listener, options);
    }

    /**
     * Tells {@code observer} of every batch a projection commits (live, catching up or rebuilding), on the
     * projection's thread right after the commit, until the returned handle is closed: the hook for
     * metrics such as batch and commit durations. Keep the observer cheap.
     */
    public AutoCloseable observeBatches(BatchObserver observer) {
        return notices.observe(observer);
    }

    /**
     * Stops every projection: each finishes or abandons its current batch (nothing is committed twice)
     * within the configured stop timeout. Safe to call twice.
     */
    @Override
    public void close() {
        lifecycle.close();
        notices.close();
    }

    /**
     * Collects projections and settings; not thread-safe. Only {@link ProjectionEngine#builder} makes one.
     */
    public sealed interface Builder permits EngineBuilder {
        /** Sets batch sizes, poll interval, backoff and cache; {@link EngineConfig#DEFAULT} otherwise. */
        Builder config(EngineConfig value);

        /** Where parked events go; an in-memory store otherwise. */
        Builder deadLetters(DeadLetterStore value);

        /**
         * Runs each projection (except inline ones, which apply in their append's transaction) only while
         * this instance holds its lease from {@code value}, so that several instances can run the same
         * projections for failover. Without it, this instance assumes it is the only one.
         */
        Builder lock(ProjectionLock value);

        /**
         * Makes {@link ProjectionEngine#query}, {@link ProjectionEngine#aggregate} and
         * {@link ProjectionEngine#search} throw {@link ReadModelRebuildingException} on a read model whose
         * truncate rebuild has not finished, instead of answering from a partly rebuilt read model. Reads
         * during a zero-downtime rebuild are answered: the previous read models serve, whole.
         */
        Builder refusePartialQueries();

        /**
         * Upcasts every event with {@code value} before any projection decodes it, in every mode: catch-up,
         * live, inline appends, rebuilds and dead-letter replays; reads also fetch the stored types that
         * upcast into a projection's types. None otherwise.
         */
        Builder upcasters(Upcasters value);

        /**
         * Lets inline appends join transactions that their caller commits (a framework's transaction
         * manager): their batches are announced and their checkpoints moved after that commit, never after a
         * rollback. The event store must join the same transactions; {@link AppendTransactions#OWN} otherwise.
         */
        Builder appendTransactions(AppendTransactions value);

        /**
         * Adds a projection writing to {@code store}, run in {@code mode}.
         *
         * @throws ConfigurationException when the name is taken, or {@code INLINE} is asked of a source
         *     that cannot share its transaction
         */
        Builder register(Projection projection, ReadModelStore store, ProjectionMode mode);

        /**
         * Builds the engine; {@link ProjectionEngine#start()} starts it.
         *
         * @throws ConfigurationException when two projections write the same read model
         */
        ProjectionEngine build();
    }
}
