package dev.readmodel.core.upcast;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An event's type, schema version, data and metadata, as an {@link Upcaster} reads and returns it. The
 * engine hands an upcaster copies of the stored JSON, so an upcaster may change {@code data} and
 * {@code metadata} in place and return them.
 *
 * @param type the event type, such as {@code order.created}
 * @param version the schema version of {@code data}, at least 1
 * @param data the event's JSON data, an object
 * @param metadata the event's JSON metadata; {@code null} in a returned shape keeps the origin's metadata
 */
public record EventShape(String type, int version, ObjectNode data, ObjectNode metadata) {
    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-]{0,199}");

    /** Checks the type, version and data. */
    public EventShape {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("Invalid event type [" + type + "] in an upcast event: expected 1 to 200"
                    + " letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (version < 1) {
            throw new IllegalArgumentException("Schema version of an upcast event [" + type + "] must be at least 1 but was ["
                    + version + "]");
        }
        Objects.requireNonNull(data, "data of upcast event [" + type + "]");
    }

    /** A shape with the origin event's metadata. */
    public static EventShape of(String type, int version, ObjectNode data) {
        return new EventShape(type, version, data, null);
    }
}
