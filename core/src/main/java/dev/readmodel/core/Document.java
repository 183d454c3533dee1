package dev.readmodel.core;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One read-model record: field names to values. Immutable and thread-safe; every change returns a new
 * document. Values are those of {@link FieldType#javaType()} once a document has been written through
 * a projection; decimals compare by value ({@code 1.0} equals {@code 1.00}).
 */
public final class Document {
    private static final Document EMPTY = new Document(Map.of());

    private final Map<String, Object> fields;

    private Document(Map<String, Object> fields) {
        this.fields = fields;
    }

    /** A document without fields. */
    public static Document empty() {
        return EMPTY;
    }

    /** A document holding a copy of {@code fields}; {@code null} values are kept as explicit nulls. */
    public static Document of(Map<String, ?> fields) {
        Map<String, Object> copy = new LinkedHashMap<>();
        fields.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "field name"), v));
        return new Document(Collections.unmodifiableMap(copy));
    }

    /** A document of alternating field names and values: {@code Document.of("status", "paid", "total", 10)}. */
    public static Document of(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Document.of needs pairs of name and value, got "
                    + namesAndValues.length + " arguments");
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            copy.put((String) Objects.requireNonNull(namesAndValues[i], "field name"), namesAndValues[i + 1]);
        }
        return new Document(Collections.unmodifiableMap(copy));
    }

    static Document ofTrusted(Map<String, Object> fields) {
        return new Document(Collections.unmodifiableMap(fields));
    }

    /** All fields, unmodifiable, in insertion order. */
    public Map<String, Object> fields() {
        return fields;
    }

    /** The value of {@code field}, or {@code null}. */
    public Object get(String field) {
        return fields.get(field);
    }

    /** Whether the document has {@code field}, even with a null value. */
    public boolean has(String field) {
        return fields.containsKey(field);
    }

    /** The string value of {@code field}, or {@code null}. */
    public String string(String field) {
        Object value = fields.get(field);
        return value == null ? null : value.toString();
    }

    /** The value of {@code field} as a long, or {@code fallback} when absent. */
    public long longValue(String field, long fallback) {
        Object value = fields.get(field);
        return value == null ? fallback : (Long) FieldType.LONG.coerce(value);
    }

    /** The value of {@code field} as a decimal, or {@code fallback} when absent. */
    public BigDecimal decimal(String field, BigDecimal fallback) {
        Object value = fields.get(field);
        return value == null ? fallback : (BigDecimal) FieldType.DECIMAL.coerce(value);
    }

    /** The value of {@code field} as an instant, or {@code null}. */
    public Instant instant(String field) {
        return (Instant) FieldType.TIMESTAMP.coerce(fields.get(field));
    }

    /** The value of {@code field} as a date, or {@code null}. */
    public LocalDate date(String field) {
        return (LocalDate) FieldType.DATE.coerce(fields.get(field));
    }

    /** The value of {@code field} as a list of strings; empty when absent. */
    @SuppressWarnings("unchecked")
    public List<String> list(String field) {
        Object value = fields.get(field);
        return value == null ? List.of() : (List<String>) FieldType.KEYWORD_LIST.coerce(value);
    }

    /** This document with {@code field} set to {@code value}. */
    public Document with(String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(fields);
        copy.put(Objects.requireNonNull(field, "field name"), value);
        return new Document(Collections.unmodifiableMap(copy));
    }

    /** This document with every entry of {@code values} set. */
    public Document with(Map<String, ?> values) {
        Map<String, Object> copy = new LinkedHashMap<>(fields);
        copy.putAll(values);
        return new Document(Collections.unmodifiableMap(copy));
    }

    /** This document with the decimal {@code field} increased by {@code delta} (absent counts as zero). */
    public Document plus(String field, BigDecimal delta) {
        return with(field, decimal(field, BigDecimal.ZERO).add(delta));
    }

    /** This document with the long {@code field} increased by {@code delta} (absent counts as zero). */
    public Document plus(String field, long delta) {
        return with(field, longValue(field, 0) + delta);
    }

    /** This document without {@code field}. */
    public Document without(String field) {
        if (!fields.containsKey(field)) {
            return this;
        }
        Map<String, Object> copy = new LinkedHashMap<>(fields);
        copy.remove(field);
        return new Document(Collections.unmodifiableMap(copy));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Document other) || other.fields.size() != fields.size()) {
            return false;
        }
        for (Map.Entry<String, Object> entry : fields.entrySet()) {
            if (!other.fields.containsKey(entry.getKey())
                    || !sameValue(entry.getValue(), other.fields.get(entry.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameValue(Object a, Object b) {
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        return Objects.equals(a, b);
    }

    @Override
    public int hashCode() {
        int hash = 0;
        for (Map.Entry<String, Object> entry : fields.entrySet()) {
            Object value = entry.getValue();
            Object normalized = value instanceof BigDecimal d ? d.stripTrailingZeros() : value;
            hash += entry.getKey().hashCode() ^ Objects.hashCode(normalized);
        }
        return hash;
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
