package dev.readmodel.core.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One read-model record: field names to values. Immutable and thread-safe; every change returns a new
 * document. Values are those of {@link FieldType#javaType()} once a document has been written through
 * a projection; decimals compare by value ({@code 1.0} equals {@code 1.00}), in lists too.
 */
public final class Document {
    private static final Document EMPTY = new Document(new String[0], new Object[0]);

    // Documents are small (tens of fields) and copied on every change: parallel arrays with a linear
    // scan are cheaper to copy and to search than a hash map.
    private final String[] names;
    private final Object[] values;
    /**
     * The read model this document already conforms to, or {@code null}: set by {@link ReadModel#conform}
     * and kept by changes whose values already have their declared types, so that a handler's change to
     * one field is not checked field by field again.
     */
    private final ReadModel conformsTo;

    private Document(String[] names, Object[] values) {
        this(names, values, null);
    }

    private Document(String[] names, Object[] values, ReadModel conformsTo) {
        this.names = names;
        this.values = values;
        this.conformsTo = conformsTo;
    }

    /** A document without fields. */
    public static Document empty() {
        return EMPTY;
    }

    /** A document holding a copy of {@code fields}; {@code null} values are kept as explicit nulls. */
    public static Document of(Map<String, ?> fields) {
        String[] names = new String[fields.size()];
        Object[] values = new Object[fields.size()];
        int i = 0;
        for (Map.Entry<String, ?> entry : fields.entrySet()) {
            names[i] = Objects.requireNonNull(entry.getKey(), "field name");
            values[i++] = entry.getValue();
        }
        return new Document(names, values);
    }

    /** A document of alternating field names and values: {@code Document.of("status", "paid", "total", 10)}. */
    public static Document of(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Document.of needs pairs of name and value, got "
                    + namesAndValues.length + " arguments");
        }
        String[] names = new String[namesAndValues.length / 2];
        Object[] values = new Object[names.length];
        int count = 0;
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String name = (String) Objects.requireNonNull(namesAndValues[i], "field name");
            int existing = 0;
            while (existing < count && !names[existing].equals(name)) {
                existing++;
            }
            names[existing] = name; // a repeated name keeps its first place and its last value
            values[existing] = namesAndValues[i + 1];
            count = Math.max(count, existing + 1);
        }
        return count == names.length ? new Document(names, values)
                : new Document(Arrays.copyOf(names, count), Arrays.copyOf(values, count));
    }

    /** A document of conformed arrays, marked as conforming to {@code model}. */
    static Document conformed(String[] names, Object[] values, ReadModel model) {
        return new Document(names, values, model);
    }

    /** Whether {@link ReadModel#conform} made this document, or a change that kept it conforming, for {@code model}. */
    boolean conformsTo(ReadModel model) {
        return conformsTo == model;
    }

    private int index(String field) {
        for (int i = 0; i < names.length; i++) {
            if (names[i] == field) {
                return i;
            }
        }
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(field)) {
                return i;
            }
        }
        return -1;
    }

    /** The name of the {@code i}th field, for loops that must not allocate. */
    String nameAt(int i) {
        return names[i];
    }

    /** The value of the {@code i}th field. */
    Object valueAt(int i) {
        return values[i];
    }

    /** How many fields the document has. */
    public int size() {
        return names.length;
    }

    /** All fields, unmodifiable, in insertion order. */
    public Map<String, Object> fields() {
        return new AbstractMap<>() {
            @Override
            public Set<Map.Entry<String, Object>> entrySet() {
                return new AbstractSet<>() {
                    @Override
                    public Iterator<Map.Entry<String, Object>> iterator() {
                        return new Iterator<>() {
                            private int next;

                            @Override
                            public boolean hasNext() {
                                return next < names.length;
                            }

                            @Override
                            public Map.Entry<String, Object> next() {
                                if (next >= names.length) {
                                    throw new java.util.NoSuchElementException();
                                }
                                int i = next++;
                                return new AbstractMap.SimpleImmutableEntry<>(names[i], values[i]);
                            }
                        };
                    }

                    @Override
                    public int size() {
                        return names.length;
                    }
                };
            }

            @Override
            public Object get(Object key) {
                return key instanceof String field ? Document.this.get(field) : null;
            }

            @Override
            public boolean containsKey(Object key) {
                return key instanceof String field && index(field) >= 0;
            }
        };
    }

    /** The value of {@code field}, or {@code null}. */
    public Object get(String field) {
        int i = index(field);
        return i < 0 ? null : values[i];
    }

    /** Whether the document has {@code field}, even with a null value. */
    public boolean has(String field) {
        return index(field) >= 0;
    }

    /** The string value of {@code field}, or {@code null}. */
    public String string(String field) {
        Object value = get(field);
        return value == null ? null : value.toString();
    }

    /** The value of {@code field} as a long, or {@code fallback} when absent. */
    public long longValue(String field, long fallback) {
        Object value = get(field);
        return value == null ? fallback : (Long) FieldType.LONG.coerce(value);
    }

    /** The value of {@code field} as a decimal, or {@code fallback} when absent. */
    public BigDecimal decimal(String field, BigDecimal fallback) {
        Object value = get(field);
        return value == null ? fallback : (BigDecimal) FieldType.DECIMAL.coerce(value);
    }

    /** The value of {@code field} as an instant, or {@code null}. */
    public Instant instant(String field) {
        return (Instant) FieldType.TIMESTAMP.coerce(get(field));
    }

    /** The value of {@code field} as a date, or {@code null}. */
    public LocalDate date(String field) {
        return (LocalDate) FieldType.DATE.coerce(get(field));
    }

    /** The value of {@code field} as a list of strings; empty when absent. */
    @SuppressWarnings("unchecked")
    public List<String> list(String field) {
        Object value = get(field);
        return value == null ? List.of() : (List<String>) FieldType.KEYWORD_LIST.coerce(value);
    }

    /** This document with {@code field} set to {@code value}. */
    public Document with(String field, Object value) {
        Objects.requireNonNull(field, "field name");
        int i = index(field);
        ReadModel stillConforms = conformsTo != null && conformsTo.holds(field, value) ? conformsTo : null;
        if (i >= 0) {
            Object[] copy = values.clone();
            copy[i] = value;
            return new Document(names, copy, stillConforms);
        }
        String[] moreNames = Arrays.copyOf(names, names.length + 1);
        Object[] moreValues = Arrays.copyOf(values, values.length + 1);
        moreNames[names.length] = field;
        moreValues[values.length] = value;
        return new Document(moreNames, moreValues, stillConforms);
    }

    /** This document with every entry of {@code values} set. */
    public Document with(Map<String, ?> changes) {
        Document document = this;
        for (Map.Entry<String, ?> entry : changes.entrySet()) {
            document = document.with(entry.getKey(), entry.getValue());
        }
        return document;
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
        int i = index(field);
        if (i < 0) {
            return this;
        }
        String[] fewerNames = new String[names.length - 1];
        Object[] fewerValues = new Object[values.length - 1];
        System.arraycopy(names, 0, fewerNames, 0, i);
        System.arraycopy(values, 0, fewerValues, 0, i);
        System.arraycopy(names, i + 1, fewerNames, i, names.length - i - 1);
        System.arraycopy(values, i + 1, fewerValues, i, values.length - i - 1);
        // absent is what conform makes of null, so only dropping the key loses conformance
        return new Document(fewerNames, fewerValues, i == 0 ? null : conformsTo);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Document other) || other.names.length != names.length) {
            return false;
        }
        for (int i = 0; i < names.length; i++) {
            int j = other.index(names[i]);
            if (j < 0 || !sameValue(values[i], other.values[j])) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameValue(Object a, Object b) {
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        if (a instanceof List<?> x && b instanceof List<?> y && x.size() == y.size()) {
            for (int i = 0; i < x.size(); i++) {
                if (!sameValue(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    private static Object normalized(Object value) {
        if (value instanceof BigDecimal d) {
            return d.stripTrailingZeros();
        }
        if (value instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof BigDecimal) {
            return list.stream().map(Document::normalized).toList();
        }
        return value;
    }

    @Override
    public int hashCode() {
        int hash = 0;
        for (int i = 0; i < names.length; i++) {
            Object value = values[i];
            hash += names[i].hashCode() ^ Objects.hashCode(normalized(value));
        }
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("{");
        for (int i = 0; i < names.length; i++) {
            text.append(i == 0 ? "" : ", ").append(names[i]).append('=').append(values[i]);
        }
        return text.append('}').toString();
    }
}
