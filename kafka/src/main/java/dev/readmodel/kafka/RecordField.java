package dev.readmodel.kafka;

import java.util.Objects;

/**
 * Where in a Kafka record an {@link OutboxRecordMapper} finds one part of an event: the record's key, one of
 * its headers (UTF-8 text), its whole value, or a field of its JSON value named by a JSON pointer
 * ({@code /payload}, {@code /after/aggregate_id}).
 */
public sealed interface RecordField {
    /** The record's key, as UTF-8 text. */
    static RecordField key() {
        return new Key();
    }

    /** The last header named {@code name}, as UTF-8 text. */
    static RecordField header(String name) {
        return new Header(name);
    }

    /** The record's whole value, parsed as JSON. */
    static RecordField value() {
        return new Value();
    }

    /** The node of the JSON value at {@code pointer} (RFC 6901), such as {@code /payload}. */
    static RecordField json(String pointer) {
        return new JsonPointer(pointer);
    }

    /** The record's key. */
    record Key() implements RecordField {
        @Override
        public String toString() {
            return "the record key";
        }
    }

    /** A header of the record. */
    record Header(String name) implements RecordField {
        /** @throws IllegalArgumentException when {@code name} is blank */
        public Header {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("A record header's name must not be blank");
            }
        }

        @Override
        public String toString() {
            return "header [" + name + "]";
        }
    }

    /** The whole value. */
    record Value() implements RecordField {
        @Override
        public String toString() {
            return "the record value";
        }
    }

    /** A node of the JSON value. */
    record JsonPointer(String pointer) implements RecordField {
        /** @throws IllegalArgumentException when {@code pointer} does not start with {@code /} */
        public JsonPointer {
            Objects.requireNonNull(pointer, "pointer");
            if (!pointer.startsWith("/")) {
                throw new IllegalArgumentException("A JSON pointer starts with '/', as in /payload, but was [" + pointer + "]");
            }
        }

        @Override
        public String toString() {
            return "value field [" + pointer + "]";
        }
    }
}
