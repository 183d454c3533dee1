package dev.readmodel.core.projection;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.error.EventDecodingException;
import dev.readmodel.core.error.InvalidDocumentException;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.event.EventTypeMatcher;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.typed.TypedReadModel;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A named transformation of events into read models: which event types it handles, the read models it
 * owns and a handler per type. Immutable and thread-safe once built.
 *
 * <p>Contract: handlers are deterministic and write only through their {@link ProjectionContext}, so
 * the engine may run them again after a failure or crash. With that, every store gives exactly-once
 * effects on each document: stores commit the checkpoint atomically with the writes, or keep the
 * position of the last event applied to each document so that a re-applied event is recognised and
 * skipped.
 *
 * <pre>{@code
 * Projection summary = Projection.named("order-summary")
 *         .readModel(ORDERS)
 *         .on("order.created", OrderCreated.class, ORDERS, OrderCreated::orderId,
 *                 (current, e) -> Document.of("customer_id", e.customerId(), "status", "pending"))
 *         .on("order.shipped", OrderShipped.class, ORDERS, OrderShipped::orderId,
 *                 (current, e) -> current == null ? null : current.with("status", "shipped"))
 *         .build();
 * }</pre>
 */
public final class Projection {
    private final String name;
    private final List<ReadModel> readModels;
    private final java.util.Set<String> readModelNames;
    private final List<Registration<?>> registrations;
    private final EventTypeMatcher handledTypes;
    private final FailurePolicy failurePolicy;
    private final NativeWork nativeWork;
    private final Map<String, Optional<Registration<?>>> resolved = new java.util.concurrent.ConcurrentHashMap<>();

    private Projection(Builder builder) {
        this.name = builder.name;
        this.readModels = List.copyOf(builder.readModels.values());
        this.readModelNames = java.util.Set.copyOf(builder.readModels.keySet());
        this.registrations = List.copyOf(builder.registrations);
        this.failurePolicy = builder.failurePolicy;
        this.nativeWork = builder.nativeWork;
        EventTypeMatcher types = null;
        for (Registration<?> registration : registrations) {
            types = types == null ? registration.matcher : types.or(registration.matcher);
        }
        this.handledTypes = types;
    }

    private Projection(Projection original, FailurePolicy failurePolicy) {
        this.name = original.name;
        this.readModels = original.readModels;
        this.readModelNames = original.readModelNames;
        this.registrations = original.registrations;
        this.failurePolicy = failurePolicy;
        this.nativeWork = original.nativeWork;
        this.handledTypes = original.handledTypes;
    }

    /**
     * Starts a projection definition.
     *
     * @param name unique among the engine's projections: letters, digits, {@code - _ .}, at most 64 characters
     * @throws ConfigurationException when the name does not fit
     */
    public static Builder named(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,63}")) {
            throw new ConfigurationException("Invalid projection name [" + name
                    + "]: use letters, digits, '-', '_' and '.', starting with a letter or digit, at most 64 characters");
        }
        return new Builder(name);
    }

    /** The projection's unique name; its checkpoint is stored under it. */
    public String name() {
        return name;
    }

    /** The event types it handles: the union of its handlers' types and patterns. */
    public EventTypeMatcher handledTypes() {
        return handledTypes;
    }

    /** The read models it owns and writes; a rebuild truncates all of them. */
    public List<ReadModel> readModels() {
        return readModels;
    }

    /** What the engine does when a handler keeps failing. */
    public FailurePolicy failurePolicy() {
        return failurePolicy;
    }

    /**
     * This projection with {@code policy} instead of its own failure policy, everything else the same: for
     * a deployment's settings to choose the policy.
     */
    public Projection withFailurePolicy(FailurePolicy policy) {
        return new Projection(this, Objects.requireNonNull(policy, "policy"));
    }

    /** The store-native work its handlers add to their batches, if it declares any. */
    public Optional<NativeWork> nativeWork() {
        return Optional.ofNullable(nativeWork);
    }

    /** Whether this projection declares a read model named {@code readModelName}. */
    public boolean owns(String readModelName) {
        return readModelNames.contains(readModelName);
    }

    /** The read model named {@code readModelName}, if this projection owns one. */
    public Optional<ReadModel> readModel(String readModelName) {
        return readModels.stream().filter(m -> m.name().equals(readModelName)).findFirst();
    }

    /**
     * Decodes {@code event} for this projection's handler, once: the result names the documents the
     * handler will read (a {@link DocumentHandler}'s own, and those declared with
     * {@link Builder#prefetch}), so the engine can load a batch's documents at once, and applies it.
     * Empty for event types without a handler.
     *
     * @throws EventDecodingException when the event's data does not decode into the handler's class
     */
    public Optional<Application> prepare(EventEnvelope event) {
        return registration(event.type()).map(r -> r.prepare(event));
    }

    /**
     * Applies {@code event} through its handler; events of types without a handler are ignored.
     *
     * @throws Exception whatever the handler throws, or {@link EventDecodingException}
     */
    public void apply(EventEnvelope event, ProjectionContext context) throws Exception {
        Optional<Application> application = prepare(event);
        if (application.isPresent()) {
            application.get().applyTo(context);
        }
    }

    /** One decoded event, ready to apply. */
    public interface Application {
        /** The event it applies. */
        EventEnvelope event();

        /** The documents the engine loads ahead for the handler: a document handler's own, and declared prefetches. */
        List<DocumentKey> keys();

        /**
         * Runs the handler.
         *
         * @throws Exception whatever the handler throws
         */
        void applyTo(ProjectionContext context) throws Exception;
    }

    private Optional<Registration<?>> registration(String type) {
        return resolved.computeIfAbsent(type,
                t -> registrations.stream().filter(r -> r.matcher.matches(t)).<Registration<?>>map(r -> r).findFirst());
    }

    @Override
    public String toString() {
        return "Projection[" + name + ", handles=" + handledTypes + "]";
    }

    /** A document of a read model: what a {@link DocumentHandler} touches. */
    public record DocumentKey(ReadModel model, String id) {
        /** Rejects nulls and empty ids. */
        public DocumentKey {
            Objects.requireNonNull(model, "model");
            if (id == null || id.isEmpty()) {
                throw new InvalidDocumentException("Empty or missing document id for read model [" + model.name() + "]");
            }
        }
    }

    /** Collects a projection's read models and handlers; not thread-safe. */
    public static final class Builder {
        private final String name;
        private final Map<String, ReadModel> readModels = new LinkedHashMap<>();
        private final List<Registration<?>> registrations = new ArrayList<>();
        private final List<String> patterns = new ArrayList<>();
        private FailurePolicy failurePolicy = FailurePolicy.DEFAULT;
        private NativeWork nativeWork;

        private Builder(String name) {
            this.name = name;
        }

        /** Declares read models the projection owns. */
        public Builder readModel(ReadModel... models) {
            for (ReadModel model : models) {
                ReadModel previous = readModels.putIfAbsent(model.name(), model);
                if (previous != null && !previous.equals(model)) {
                    throw new ConfigurationException("Projection [" + name + "] declares two different read models named ["
                            + model.name() + "]");
                }
            }
            return this;
        }

        /** Sets what happens when a handler keeps failing; {@link FailurePolicy#DEFAULT} otherwise. */
        public Builder onFailure(FailurePolicy policy) {
            failurePolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Declares that handlers add {@link StoreWork} of {@code kind} to their batches through
         * {@link ProjectionContext#nativeWork}, writing {@code tables}; the engine refuses to start when
         * the projection's store cannot run that kind. One kind per projection.
         *
         * @throws ConfigurationException when work was declared already, or a table name is empty or repeated
         */
        public Builder nativeWork(Class<? extends StoreWork> kind, String... tables) {
            if (nativeWork != null) {
                throw new ConfigurationException("Projection [" + name + "] declares native work twice: once is enough");
            }
            nativeWork = new NativeWork(kind, List.of(tables));
            return this;
        }

        /**
         * Handles events whose type matches {@code typeOrPattern}, decoded into {@code eventClass}
         * ({@link JsonNode} for the raw data). The first registration that matches a type wins.
         */
        public <T> Builder on(String typeOrPattern, Class<T> eventClass, EventHandler<T> handler) {
            Objects.requireNonNull(handler, "handler");
            return add(new Registration<>(matcher(typeOrPattern), eventClass, null, null, (event, decoded, context) ->
                    handler.handle(decoded, context)));
        }

        /**
         * Handles events of {@code typeOrPattern} that change one document of {@code model}, the one whose
         * id {@code key} gives; the engine loads all documents of a batch in one go before applying.
         */
        public <T> Builder on(String typeOrPattern, Class<T> eventClass, ReadModel model, Function<T, String> key,
                DocumentHandler<T> handler) {
            Objects.requireNonNull(handler, "handler");
            Objects.requireNonNull(key, "key");
            readModel(model);
            return add(new Registration<>(matcher(typeOrPattern), eventClass, model, key, (event, decoded, context) -> {
                String id = key.apply(decoded);
                Document current = context.get(model, id).orElse(null);
                Document updated = handler.apply(current, decoded);
                if (updated != null && updated != current) {
                    context.put(model, id, updated);
                }
            }));
        }

        /**
         * Handles events of {@code typeOrPattern} that change one record of {@code model}, the one whose id
         * {@code key} gives; as the document handler, the engine loads all documents of a batch in one go. The
         * handler's {@code null} deletes the document, and returning {@code current} leaves it unchanged.
         */
        public <T, R extends Record> Builder on(String typeOrPattern, Class<T> eventClass, TypedReadModel<R> model,
                Function<T, String> key, TypedHandler<R, T> handler) {
            Objects.requireNonNull(handler, "handler");
            Objects.requireNonNull(key, "key");
            ReadModel plain = model.readModel();
            readModel(plain);
            return add(new Registration<>(matcher(typeOrPattern), eventClass, plain, key, (event, decoded, context) -> {
                String id = key.apply(decoded);
                Document stored = context.get(plain, id).orElse(null);
                R current = stored == null ? null : model.fromDocument(stored);
                R updated = handler.apply(current, decoded);
                if (updated == null) {
                    if (stored != null) {
                        context.delete(plain, id);
                    }
                } else if (updated != current) {
                    context.put(plain, id, model.toDocument(updated));
                }
            }));
        }

        /** Deletes the document of {@code model} whose id {@code key} gives, on events of {@code typeOrPattern}. */
        public <T> Builder onDelete(String typeOrPattern, Class<T> eventClass, ReadModel model, Function<T, String> key) {
            Objects.requireNonNull(key, "key");
            readModel(model);
            return add(new Registration<>(matcher(typeOrPattern), eventClass, model, key, (event, decoded, context) ->
                    context.delete(model, key.apply(decoded))));
        }

        /**
         * Declares a document the handler registered last will read, so that the engine loads it with the
         * rest of the batch instead of on demand; {@code key} gets the decoded event (of that handler's
         * class) and may return {@code null} for none.
         *
         * @throws ConfigurationException when no handler was registered yet
         */
        public <T> Builder prefetch(ReadModel model, Function<T, String> key) {
            if (registrations.isEmpty()) {
                throw new ConfigurationException("Projection [" + name + "]: prefetch(...) follows the on(...) it belongs to");
            }
            readModel(model);
            registrations.get(registrations.size() - 1).prefetch(model, Objects.requireNonNull(key, "key"));
            return this;
        }

        private EventTypeMatcher matcher(String typeOrPattern) {
            if (patterns.contains(typeOrPattern)) {
                throw new ConfigurationException("Projection [" + name + "] registers [" + typeOrPattern + "] twice");
            }
            patterns.add(typeOrPattern);
            return EventTypeMatcher.of(typeOrPattern);
        }

        private Builder add(Registration<?> registration) {
            registrations.add(registration);
            return this;
        }

        /**
         * Finishes the definition.
         *
         * @throws ConfigurationException when there is no handler
         */
        public Projection build() {
            if (registrations.isEmpty()) {
                throw new ConfigurationException("Projection [" + name + "] has no handlers: add one with on(...)");
            }
            return new Projection(this);
        }
    }

    private record Prefetch<T>(ReadModel model, Function<T, String> key) {
    }

    @FunctionalInterface
    private interface Invocation<T> {
        void run(EventEnvelope event, T decoded, ProjectionContext context) throws Exception;
    }

    private static final class Registration<T> {
        private final EventTypeMatcher matcher;
        private final Class<T> eventClass;
        private final ReadModel model;
        private final Function<T, String> key;
        private final Invocation<T> invocation;
        private final List<Prefetch<T>> prefetches = new ArrayList<>();

        Registration(EventTypeMatcher matcher, Class<T> eventClass, ReadModel model, Function<T, String> key,
                Invocation<T> invocation) {
            this.matcher = matcher;
            this.eventClass = Objects.requireNonNull(eventClass, "eventClass");
            this.model = model;
            this.key = key;
            this.invocation = invocation;
        }

        @SuppressWarnings("unchecked")
        void prefetch(ReadModel prefetchModel, Function<?, String> prefetchKey) {
            prefetches.add(new Prefetch<>(prefetchModel, (Function<T, String>) prefetchKey));
        }

        Application prepare(EventEnvelope event) {
            T decoded = event.decode(eventClass);
            List<DocumentKey> documentKeys = new ArrayList<>(1 + prefetches.size());
            if (key != null) {
                documentKeys.add(new DocumentKey(model, key.apply(decoded)));
            }
            for (Prefetch<T> prefetch : prefetches) {
                String id = prefetch.key().apply(decoded);
                if (id != null) {
                    documentKeys.add(new DocumentKey(prefetch.model(), id));
                }
            }
            return new Application() {
                @Override
                public EventEnvelope event() {
                    return event;
                }

                @Override
                public List<DocumentKey> keys() {
                    return documentKeys;
                }

                @Override
                public void applyTo(ProjectionContext context) throws Exception {
                    invocation.run(event, decoded, context);
                }
            };
        }
    }
}
