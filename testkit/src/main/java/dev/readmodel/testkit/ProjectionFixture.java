package dev.readmodel.testkit;

import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.event.EventStore;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.core.status.ProjectionState;
import dev.readmodel.core.status.ProjectionStatus;
import dev.readmodel.core.upcast.Upcasters;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Given these events, run this projection, expect this read model: a test helper that works on the
 * in-memory default and on any {@link ReadModelStore}. Each expectation first lets the projection catch
 * up with every event given so far; a faulted projection fails the expectation with its error.
 * Not thread-safe; close it (or use try-with-resources) to stop its engine.
 *
 * <pre>{@code
 * try (ProjectionFixture fixture = ProjectionFixture.of(orderSummary)) {
 *     fixture.given("order-1", NewEvent.of("order.created", new OrderCreated("order-1", "c-1")))
 *            .expectDocument(ORDERS, "order-1", Document.of("status", "pending"));
 * }
 * }</pre>
 */
public final class ProjectionFixture implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Projection projection;
    private final EventStore events;
    private final ReadModelStore store;
    private final ProjectionEngine engine;

    private ProjectionFixture(Projection projection, EventStore events, ReadModelStore store) {
        this(projection, events, store, Upcasters.none());
    }

    private ProjectionFixture(Projection projection, EventStore events, ReadModelStore store, Upcasters upcasters) {
        this.projection = Objects.requireNonNull(projection, "projection");
        this.events = Objects.requireNonNull(events, "events");
        this.store = Objects.requireNonNull(store, "store");
        this.engine = ProjectionEngine.builder(events)
                .config(EngineConfig.DEFAULT.withPollInterval(Duration.ofMillis(10))
                        .withRetryDelays(Duration.ofMillis(5), Duration.ofMillis(200)))
                .upcasters(upcasters)
                .register(projection, store, ProjectionMode.PERSISTENT)
                .build();
        store.prepare(projection.readModels());
        store.truncate(projection.name(), projection.readModels());
        // a truncate starts a bulk load (Elasticsearch turns refresh off); nothing replays here, so end it at once
        store.finishRebuild(projection.name(), projection.readModels());
        engine.start();
    }

    /** A fixture on fresh in-memory event and read-model stores. */
    public static ProjectionFixture of(Projection projection) {
        return new ProjectionFixture(projection, new InMemoryEventStore(), new InMemoryReadModelStore());
    }

    /**
     * A fixture on fresh in-memory stores whose engine reads through {@code upcasters}, for giving a
     * projection events of old shapes.
     */
    public static ProjectionFixture of(Projection projection, Upcasters upcasters) {
        return new ProjectionFixture(projection, new InMemoryEventStore(), new InMemoryReadModelStore(), upcasters);
    }

    /** A fixture writing to {@code store}, whose read models it truncates first, with an in-memory event store. */
    public static ProjectionFixture of(Projection projection, ReadModelStore store) {
        return new ProjectionFixture(projection, new InMemoryEventStore(), store);
    }

    /** A fixture reading from {@code events} and writing to {@code store}, whose read models it truncates first. */
    public static ProjectionFixture of(Projection projection, EventStore events, ReadModelStore store) {
        return new ProjectionFixture(projection, events, store);
    }

    /** Appends {@code newEvents} to {@code streamId}, whatever its version. */
    public ProjectionFixture given(String streamId, NewEvent... newEvents) {
        events.append(streamId, ExpectedVersion.ANY, List.of(newEvents));
        return this;
    }

    /** The document {@code id} of {@code model} once the projection has caught up. */
    public Optional<Document> document(ReadModel model, String id) {
        List<Document> found = query(model, Query.builder()
                .where(dev.readmodel.core.query.Filter.eq(model.keyField(), id)).limit(1).build());
        return found.stream().findFirst();
    }

    /** Runs {@code query} on {@code model} once the projection has caught up. */
    public List<Document> query(ReadModel model, Query query) {
        awaitCaughtUp();
        return store.query(model, model.check(query));
    }

    /**
     * Expects document {@code id} of {@code model} to hold every field of {@code expected} (decimals by
     * value); other fields are not checked.
     *
     * @throws AssertionError listing each field that differs, or saying the document is missing
     */
    public ProjectionFixture expectDocument(ReadModel model, String id, Document expected) {
        Document actual = document(model, id).orElseThrow(() -> new AssertionError("Expected document [" + id
                + "] in read model [" + model.name() + "] but there is none"));
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, Object> field : model.conform(id, expected).fields().entrySet()) {
            Object want = field.getValue();
            Object got = actual.get(field.getKey());
            boolean same = want instanceof BigDecimal w && got instanceof BigDecimal g ? w.compareTo(g) == 0
                    : Objects.equals(want, got);
            if (!same) {
                differences.add(field.getKey() + ": expected [" + want + "] but was [" + got + "]");
            }
        }
        if (!differences.isEmpty()) {
            throw new AssertionError("Document [" + id + "] of read model [" + model.name() + "] differs: "
                    + String.join("; ", differences) + "; whole document: " + actual);
        }
        return this;
    }

    /** Expects no document {@code id} in {@code model}. */
    public ProjectionFixture expectAbsent(ReadModel model, String id) {
        document(model, id).ifPresent(d -> {
            throw new AssertionError("Expected no document [" + id + "] in read model [" + model.name()
                    + "] but found " + d);
        });
        return this;
    }

    /** Expects {@code model} to hold exactly {@code count} documents (up to {@link Query#MAX_LIMIT}). */
    public ProjectionFixture expectCount(ReadModel model, int count) {
        int actual = query(model, Query.builder().limit(Query.MAX_LIMIT).build()).size();
        if (actual != count) {
            throw new AssertionError("Expected " + count + " documents in read model [" + model.name() + "] but found "
                    + actual);
        }
        return this;
    }

    /** The projection's status once it has caught up or faulted; for tests of failure policies. */
    public ProjectionStatus status() {
        return awaitCaughtUpOrFaulted();
    }

    /** The engine under the fixture, for rebuilds and dead letters. */
    public ProjectionEngine engine() {
        return engine;
    }

    private void awaitCaughtUp() {
        ProjectionStatus status = awaitCaughtUpOrFaulted();
        if (status.state() == ProjectionState.FAULTED) {
            throw new AssertionError("Projection [" + projection.name() + "] is faulted: "
                    + status.lastError().map(e -> e.message()).orElse("?"));
        }
    }

    private ProjectionStatus awaitCaughtUpOrFaulted() {
        try {
            boolean caughtUp = engine.awaitCaughtUp(TIMEOUT);
            ProjectionStatus status = engine.status(projection.name());
            if (!caughtUp && status.state() != ProjectionState.FAULTED) {
                throw new AssertionError("Projection [" + projection.name() + "] did not catch up within " + TIMEOUT
                        + ": " + status);
            }
            return status;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for projection [" + projection.name() + "]", e);
        }
    }

    /** Stops the engine. */
    @Override
    public void close() {
        engine.close();
    }
}
