package dev.readmodel.core.upcast;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.event.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Collects the rules of an {@link Upcasters} registry, checking each as it comes. Not thread-safe.
 *
 * <pre>{@code
 * Upcasters upcasters = Upcasters.builder()
 *         .rename("order.placed", "order.created")                      // any version, same version
 *         .addField("order.created", 1, "currency", "EUR")              // v1 -> v2
 *         .renameField("order.created", 2, "total", "total_amount")     // v2 -> v3
 *         .split("order.placed_with_item", 1, List.of("order.created", "order.item_added"),
 *                 data -> List.of(EventShape.of("order.created", 3, ...), EventShape.of("order.item_added", 1, ...)))
 *         .build();
 * }</pre>
 */
public final class UpcastersBuilder {
    private final Map<String, String> renames = new LinkedHashMap<>();
    private final Map<String, Map<Integer, Upcasters.Rule>> steps = new LinkedHashMap<>();
    private final Map<String, Integer> declared = new LinkedHashMap<>();

    UpcastersBuilder() {
    }

    /**
     * Declares {@code version} the current version of {@code type}: events at it decode as they are, and
     * events at other versions need upcasters. Needed only when it is higher than the last upcaster's
     * target, such as a version whose change needs no upcaster (a new optional field).
     *
     * @throws ConfigurationException when {@code version} is below 1
     */
    public UpcastersBuilder current(String type, int version) {
        requireVersion(type, version);
        declared.put(Objects.requireNonNull(type, "type"), version);
        return this;
    }

    /**
     * Renames type {@code from} to {@code to}, at whatever version the event has; the new type's own
     * upcasters then continue from that version. A renamed type has no other rules.
     */
    public UpcastersBuilder rename(String from, String to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.equals(to)) {
            throw new ConfigurationException("Upcaster renames type [" + from + "] to itself");
        }
        if (renames.putIfAbsent(from, to) != null) {
            throw new ConfigurationException("Type [" + from + "] is renamed twice, to [" + renames.get(from) + "] and ["
                    + to + "]");
        }
        return this;
    }

    /** Upcasts {@code type} from {@code fromVersion} to the next version by changing its data (a copy). */
    public UpcastersBuilder transform(String type, int fromVersion, UnaryOperator<ObjectNode> change) {
        Objects.requireNonNull(change, "change");
        return add(type, fromVersion, Set.of(type), event -> {
            ObjectNode data = change.apply(event.data());
            if (data == null) {
                throw new IllegalStateException("the transform returned no data");
            }
            return List.of(new EventShape(type, fromVersion + 1, data, event.metadata()));
        });
    }

    /** Upcasts {@code type} from {@code fromVersion} to the next version by adding {@code field} with {@code value}. */
    public UpcastersBuilder addField(String type, int fromVersion, String field, Object value) {
        Objects.requireNonNull(field, "field");
        JsonNode node = Json.mapper().valueToTree(value);
        return transform(type, fromVersion, data -> {
            if (!data.has(field)) {
                data.set(field, node.deepCopy());
            }
            return data;
        });
    }

    /** Upcasts {@code type} from {@code fromVersion} to the next version by renaming field {@code from} to {@code to}. */
    public UpcastersBuilder renameField(String type, int fromVersion, String from, String to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return transform(type, fromVersion, data -> {
            JsonNode value = data.remove(from);
            if (value != null) {
                data.set(to, value);
            }
            return data;
        });
    }

    /**
     * Splits {@code type} at {@code fromVersion} into the events {@code parts} returns from its data (a
     * copy), each of one of {@code partTypes}. The parts share the origin's position and are applied in
     * one batch, in order.
     */
    public UpcastersBuilder split(String type, int fromVersion, List<String> partTypes,
            Function<ObjectNode, List<EventShape>> parts) {
        Objects.requireNonNull(parts, "parts");
        return add(type, fromVersion, Set.copyOf(partTypes), event -> parts.apply(event.data()));
    }

    /**
     * Registers {@code upcaster} for {@code type} at {@code fromVersion}; it may return events of
     * {@code produces} only, which lets the engine read the origins of every type a projection handles.
     */
    public UpcastersBuilder upcaster(String type, int fromVersion, Set<String> produces, Upcaster upcaster) {
        return add(type, fromVersion, Set.copyOf(produces), Objects.requireNonNull(upcaster, "upcaster"));
    }

    private UpcastersBuilder add(String type, int fromVersion, Set<String> produces, Upcaster upcaster) {
        Objects.requireNonNull(type, "type");
        requireVersion(type, fromVersion);
        Upcasters.Rule previous = steps.computeIfAbsent(type, t -> new LinkedHashMap<>())
                .putIfAbsent(fromVersion, new Upcasters.Rule(upcaster, produces));
        if (previous != null) {
            throw new ConfigurationException("Type [" + type + "] has two upcasters from version [" + fromVersion + "]");
        }
        return this;
    }

    private static void requireVersion(String type, int version) {
        if (version < 1) {
            throw new ConfigurationException("Schema version of [" + type + "] must be at least 1 but was [" + version + "]");
        }
    }

    /**
     * Finishes the registry.
     *
     * @throws ConfigurationException when a renamed type has other rules, renames go round in a loop, or a
     *     declared current version is not above every version an upcaster of the type starts from
     */
    public Upcasters build() {
        Map<String, Upcasters.TypeRules> types = new LinkedHashMap<>();
        for (Map.Entry<String, String> rename : renames.entrySet()) {
            String from = rename.getKey();
            if (steps.containsKey(from) || declared.containsKey(from)) {
                throw new ConfigurationException("Type [" + from + "] is renamed to [" + rename.getValue()
                        + "] and has upcasters or a current version too; register those on [" + rename.getValue() + "]");
            }
            Set<String> seen = new HashSet<>(List.of(from));
            for (String to = rename.getValue(); to != null; to = renames.get(to)) {
                if (!seen.add(to)) {
                    throw new ConfigurationException("Renames of type [" + from + "] go round in a loop through [" + to + "]");
                }
            }
            types.put(from, new Upcasters.TypeRules(rename.getValue(), Map.of(), 0));
        }
        Set<String> versioned = new HashSet<>(steps.keySet());
        versioned.addAll(declared.keySet());
        for (String type : versioned) {
            Map<Integer, Upcasters.Rule> rules = steps.getOrDefault(type, Map.of());
            int highest = rules.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
            int current = declared.getOrDefault(type, highest + 1);
            if (current <= highest) {
                throw new ConfigurationException("Type [" + type + "] declares current version [" + current
                        + "] but has an upcaster from version [" + highest + "]");
            }
            types.put(type, new Upcasters.TypeRules(null, Map.copyOf(rules), current));
        }
        return new Upcasters(types);
    }
}
