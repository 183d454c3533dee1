package dev.readmodel.core.upcast;

import dev.readmodel.core.error.EventDecodingException;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.event.EventTypeMatcher;
import dev.readmodel.core.event.NewEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The registered upcasters of an application, and the current schema version of each event type they
 * know. Immutable and thread-safe; build one with {@link #builder()} and register it on the engine.
 *
 * <p>An event's schema version is the {@value #VERSION_KEY} key of its metadata, a whole number; an event
 * without it is at version 1. A type's current version is the one {@link UpcastersBuilder#current}
 * declares, or else one more than the highest version an upcaster of the type starts from. Events of types
 * that no rule names pass untouched, whatever their version.
 *
 * <p>Cost: an event of a type without rules costs one hash lookup; one at its type's current version
 * also reads one metadata key. Only events that need upcasting are copied.
 */
public final class Upcasters {
    /** The metadata key that holds an event's schema version. */
    public static final String VERSION_KEY = "schema_version";
    private static final Upcasters NONE = new Upcasters(Map.of());
    /** Steps an event may take through the rules before it counts as a loop. */
    private static final int MAX_STEPS = 64;

    private final Map<String, TypeRules> types;

    Upcasters(Map<String, TypeRules> types) {
        this.types = Map.copyOf(types);
    }

    /** No upcasting: every event passes untouched. */
    public static Upcasters none() {
        return NONE;
    }

    /** Starts a registry. */
    public static UpcastersBuilder builder() {
        return new UpcastersBuilder();
    }

    /** Whether no rule is registered. */
    public boolean isEmpty() {
        return types.isEmpty();
    }

    /**
     * The current schema version of {@code type}: 1 for types without rules; 0 for a renamed type, which
     * has no current version of its own.
     */
    public int currentVersion(String type) {
        TypeRules rules = types.get(type);
        return rules == null ? 1 : rules.current();
    }

    /** The type that {@code type} is renamed to, if it is: events of {@code type} never reach a handler as such. */
    public Optional<String> renamedTo(String type) {
        TypeRules rules = types.get(type);
        return rules == null ? Optional.empty() : Optional.ofNullable(rules.renamedTo());
    }

    /**
     * {@code event} with its type's current version in its metadata, for an application that writes
     * events in the current shape; unchanged for types without rules.
     */
    public NewEvent stamp(NewEvent event) {
        TypeRules rules = types.get(event.type());
        if (rules == null || rules.current() == 0) {
            return event;
        }
        ObjectNode metadata = event.metadata() instanceof ObjectNode object ? object.deepCopy()
                : JsonNodeFactory.instance.objectNode();
        metadata.put(VERSION_KEY, rules.current());
        return event.withMetadata(metadata);
    }

    /**
     * The schema version of a stored event: its metadata's {@value #VERSION_KEY}, 1 when absent.
     *
     * @throws EventDecodingException when the key holds anything but a whole number of at least 1
     */
    public static int versionOf(EventEnvelope event) {
        JsonNode version = event.metadata().get(VERSION_KEY);
        if (version == null || version.isNull()) {
            return 1;
        }
        if (!version.isIntegralNumber() || !version.canConvertToInt() || version.intValue() < 1) {
            throw new EventDecodingException(event.position(), event.type(), 0, event.streamId(), "metadata ["
                    + VERSION_KEY + "] must be a whole number of at least 1 but was [" + version + "]", null);
        }
        return version.intValue();
    }

    /**
     * What to read from the event store for a projection that handles {@code handled}: those types, and
     * every type that some chain of rules turns into one of them (a renamed type's old name, a split
     * event's origin), so that store-side type filters do not drop them.
     */
    public EventTypeMatcher readTypes(EventTypeMatcher handled) {
        if (handled.matchesAll() || types.isEmpty()) {
            return handled;
        }
        List<String> origins = new ArrayList<>();
        for (String type : types.keySet()) {
            if (!handled.matches(type) && reachable(type).stream().anyMatch(handled::matches)) {
                origins.add(type);
            }
        }
        return origins.isEmpty() ? handled : handled.or(EventTypeMatcher.of(origins));
    }

    private Set<String> reachable(String from) {
        Set<String> seen = new HashSet<>();
        Deque<String> next = new ArrayDeque<>(List.of(from));
        while (!next.isEmpty()) {
            String type = next.pop();
            if (seen.add(type) && types.containsKey(type)) {
                next.addAll(types.get(type).produces());
            }
        }
        return seen;
    }

    /**
     * The events {@code event} becomes at their types' current versions, in order: the event itself when
     * nothing applies; several when it is split; none when it is dropped. Parts of a split keep the
     * origin's position, stream and time, and get ids derived from the origin's.
     *
     * @throws EventDecodingException naming the position, type and version of an event that no upcaster
     *     brings to its type's current version, or whose upcaster failed
     */
    public List<EventEnvelope> upcast(EventEnvelope event) {
        TypeRules rules = types.get(event.type());
        if (rules == null || (rules.renamedTo() == null && versionOf(event) == rules.current())) {
            return List.of(event);
        }
        if (!(event.data() instanceof ObjectNode data)) {
            throw failure(event, event.type(), versionOf(event), "its data is not a JSON object", null);
        }
        // no copies here: walk copies before each upcaster, and each part gets its own metadata below
        ObjectNode metadata = event.metadata() instanceof ObjectNode object ? object
                : JsonNodeFactory.instance.objectNode();
        List<EventShape> done = new ArrayList<>();
        walk(event, new EventShape(event.type(), versionOf(event), data, metadata), done, 0);
        List<EventEnvelope> parts = new ArrayList<>(done.size());
        for (int i = 0; i < done.size(); i++) {
            EventShape shape = done.get(i);
            // parts may share their origin's nodes: each gets its own copy
            ObjectNode partMetadata = (shape.metadata() == null ? metadata : shape.metadata()).deepCopy();
            ObjectNode partData = done.size() == 1 ? shape.data() : shape.data().deepCopy();
            partMetadata.put(VERSION_KEY, shape.version());
            UUID id = done.size() == 1 ? event.eventId()
                    : UUID.nameUUIDFromBytes((event.eventId() + "/" + i).getBytes(StandardCharsets.UTF_8));
            parts.add(new EventEnvelope(event.position(), event.streamId(), event.streamVersion(), shape.type(), id,
                    event.occurredAt(), partData, partMetadata));
        }
        return parts;
    }

    private void walk(EventEnvelope origin, EventShape shape, List<EventShape> done, int steps) {
        if (steps > MAX_STEPS) {
            throw failure(origin, shape.type(), shape.version(), "the upcasters went round more than " + MAX_STEPS
                    + " steps; check them for a loop", null);
        }
        TypeRules rules = types.get(shape.type());
        if (rules == null) {
            done.add(shape);
            return;
        }
        if (rules.renamedTo() != null) {
            walk(origin, new EventShape(rules.renamedTo(), shape.version(), shape.data(), shape.metadata()), done,
                    steps + 1);
            return;
        }
        Rule rule = rules.steps().get(shape.version());
        if (rule == null) {
            if (shape.version() == rules.current()) {
                done.add(shape);
                return;
            }
            throw failure(origin, shape.type(), shape.version(), (shape.version() > rules.current()
                    ? "it is newer than" : "no upcaster starts from it, and it is not") + " the current version ["
                    + rules.current() + "] of the type", null);
        }
        List<EventShape> next;
        try {
            next = rule.upcaster().upcast(new EventShape(shape.type(), shape.version(), shape.data().deepCopy(),
                    shape.metadata() == null ? null : shape.metadata().deepCopy()));
        } catch (RuntimeException e) {
            throw failure(origin, shape.type(), shape.version(), "its upcaster failed: " + e.getMessage(), e);
        }
        if (next == null) {
            throw failure(origin, shape.type(), shape.version(), "its upcaster returned null", null);
        }
        for (EventShape out : next) {
            if (out == null || !rule.produces().contains(out.type())) {
                throw failure(origin, shape.type(), shape.version(), "its upcaster returned an event of type ["
                        + (out == null ? null : out.type()) + "], not one of the declared " + rule.produces(), null);
            }
            if (out.type().equals(shape.type()) && out.version() <= shape.version()) {
                throw failure(origin, shape.type(), shape.version(), "its upcaster returned version [" + out.version()
                        + "] of the same type; it must return a higher version", null);
            }
            walk(origin, new EventShape(out.type(), out.version(), out.data(),
                    out.metadata() == null ? shape.metadata() : out.metadata()), done, steps + 1);
        }
    }

    private static EventDecodingException failure(EventEnvelope origin, String type, int version, String problem,
            Throwable cause) {
        String from = type.equals(origin.type()) ? "" : " (stored as [" + origin.type() + "])";
        return new EventDecodingException(origin.position(), type, version, origin.streamId(), problem + from, cause);
    }

    @Override
    public String toString() {
        return "Upcasters" + types.keySet();
    }

    /** A type's rules: renamed to another type, or upcasters by the version they start from. */
    record TypeRules(String renamedTo, Map<Integer, Rule> steps, int current) {
        Set<String> produces() {
            if (renamedTo != null) {
                return Set.of(renamedTo);
            }
            Set<String> all = new HashSet<>();
            steps.values().forEach(rule -> all.addAll(rule.produces()));
            return all;
        }
    }

    /** One upcaster and the types it may return. */
    record Rule(Upcaster upcaster, Set<String> produces) {
    }
}
