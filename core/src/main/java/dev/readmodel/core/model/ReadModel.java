package dev.readmodel.core.model;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.error.InvalidDocumentException;
import dev.readmodel.core.error.InvalidQueryException;
import dev.readmodel.core.query.Aggregation;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.query.SearchQuery;
import dev.readmodel.core.typed.TypedReadModel;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The declaration of one read model: a named set of documents, each identified by a key field, with
 * typed fields. Stores derive tables, columns and mappings from it, and queries are checked against
 * it, so that a field name can only ever be one of the declared names. Immutable.
 *
 * <pre>{@code
 * ReadModel orders = ReadModel.named("order_summaries")
 *         .key("order_id")
 *         .field("customer_id", FieldType.KEYWORD)
 *         .field("status", FieldType.KEYWORD)
 *         .field("total", FieldType.DECIMAL)
 *         .build();
 * }</pre>
 */
public final class ReadModel {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,47}");

    private final String name;
    private final String keyField;
    private final Map<String, FieldType> fields;
    /** The fields in declaration order, the key first, for {@link #conformValues}. */
    private final String[] names;
    private final FieldType[] types;

    private ReadModel(String name, String keyField, Map<String, FieldType> fields) {
        this.name = name;
        this.keyField = keyField;
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        this.names = this.fields.keySet().toArray(new String[0]);
        this.types = this.fields.values().toArray(new FieldType[0]);
    }

    /**
     * Starts a declaration.
     *
     * @param name lower-case letters, digits and underscores, starting with a letter, at most 48 characters
     * @throws ConfigurationException when the name does not fit
     */
    public static Builder named(String name) {
        return new Builder(requireIdentifier(name, "read model name"));
    }

    /**
     * Derives a read model from record class {@code type}: one field per component, named and typed as
     * {@link TypedReadModel} describes. The result's {@link TypedReadModel#readModel()} is the plain declaration.
     *
     * @throws ConfigurationException naming the record, and the component and its type, when the record does not fit
     */
    public static <R extends Record> TypedReadModel<R> of(Class<R> type) {
        return TypedReadModel.of(type);
    }

    /** The read model's name: also its table or index name in stores that need one. */
    public String name() {
        return name;
    }

    /** The key field; always {@link FieldType#KEYWORD}. */
    public String keyField() {
        return keyField;
    }

    /** All fields in declaration order, the key first. */
    public Map<String, FieldType> fields() {
        return fields;
    }

    /** Whether {@code value} may stand in a conformed document's non-key {@code field} as it is. */
    boolean holds(String field, Object value) {
        FieldType type = fields.get(field);
        return type != null && value != null && type.holds(value) && !field.equals(keyField);
    }

    /** The type of {@code field}, or {@code null} when the field is not declared. */
    public FieldType typeOf(String field) {
        return fields.get(field);
    }

    /**
     * Checks a document against this declaration and returns it with every value converted to its
     * field's Java type, null values and empty lists left out (they mean the same as absent) and the key field set to
     * {@code id}.
     *
     * @throws InvalidDocumentException naming the field and value that do not fit
     */
    public Document conform(String id, Document document) {
        Objects.requireNonNull(id, "id");
        if (id.isEmpty()) {
            throw new InvalidDocumentException("Empty id for a document of read model [" + name + "]");
        }
        if (document.conformsTo(this) && id.equals(document.valueAt(0))) {
            return document; // conformed before, and changed since only by values of the declared types
        }
        String[] names = new String[document.size() + 1];
        Object[] values = new Object[names.length];
        names[0] = keyField;
        values[0] = id;
        int count = 1;
        for (int i = 0; i < document.size(); i++) {
            String field = document.nameAt(i);
            FieldType type = fields.get(field);
            if (type == null) {
                throw new InvalidDocumentException("Field [" + field + "] is not declared by read model [" + name
                        + "]; declared fields: " + fields.keySet());
            }
            Object value = document.valueAt(i);
            if (field.equals(keyField)) {
                if (value != null && !id.equals(value.toString())) {
                    throw new InvalidDocumentException("Key field [" + keyField + "] of read model [" + name
                            + "] holds [" + value + "] but the document is written under id [" + id + "]");
                }
                continue;
            }
            if (value == null || (value instanceof java.util.Collection<?> list && list.isEmpty())) {
                continue; // null, empty list and absent are the same: stores need not keep explicit nulls
            }
            try {
                names[count] = field;
                values[count++] = type.holds(value) ? value : type.coerce(value);
            } catch (IllegalArgumentException e) {
                throw new InvalidDocumentException("Field [" + field + "] of document [" + id + "] of read model [" + name
                        + "]: " + e.getMessage());
            }
        }
        return Document.conformed(java.util.Arrays.copyOf(names, count), java.util.Arrays.copyOf(values, count), this);
    }

    /**
     * What {@link #conform} makes of a document that holds {@code values[i]} in the {@code i}th declared field (in
     * the order of {@link #fields()}; the key's place is ignored and set to {@code id}), without looking fields up by
     * name: for typed read models, which know their values in declaration order. {@code values} is not kept.
     *
     * @throws InvalidDocumentException naming the field and value that do not fit, or when there is not one value per field
     */
    public Document conformValues(String id, Object[] values) {
        Objects.requireNonNull(id, "id");
        if (id.isEmpty()) {
            throw new InvalidDocumentException("Empty id for a document of read model [" + name + "]");
        }
        if (values.length != names.length) {
            throw new InvalidDocumentException("Read model [" + name + "] has " + names.length + " fields, not "
                    + values.length + " values");
        }
        if (values[0] != null && !id.equals(values[0].toString())) {
            throw new InvalidDocumentException("Key field [" + keyField + "] of read model [" + name + "] holds ["
                    + values[0] + "] but the document is written under id [" + id + "]");
        }
        String[] present = new String[names.length];
        Object[] conformed = new Object[names.length];
        present[0] = keyField;
        conformed[0] = id;
        int count = 1;
        for (int i = 1; i < names.length; i++) {
            Object value = values[i];
            // holds first: an exact class test, where a miss on instanceof Collection scans interfaces
            if (value == null || (!types[i].holds(value) && value instanceof Collection<?> list && list.isEmpty())) {
                continue;
            }
            try {
                present[count] = names[i];
                conformed[count++] = types[i].holds(value) ? value : types[i].coerce(value);
            } catch (IllegalArgumentException e) {
                throw new InvalidDocumentException("Field [" + names[i] + "] of document [" + id + "] of read model [" + name
                        + "]: " + e.getMessage());
            }
        }
        if (count == names.length) {
            return Document.conformed(names, conformed, this); // documents never change their arrays: shared safely
        }
        return Document.conformed(Arrays.copyOf(present, count), Arrays.copyOf(conformed, count), this);
    }

    /**
     * Checks a query against this declaration and returns it with every filter value converted to
     * its field's type.
     *
     * @throws InvalidQueryException naming the unknown field or the value that does not fit
     */
    public Query check(Query query) {
        return QueryCheck.check(this, query);
    }

    /**
     * Checks an aggregation against this declaration: filters as for queries, group fields declared and
     * groupable, summed fields numeric, order terms naming group fields or aliases.
     *
     * @throws InvalidQueryException naming what does not fit
     */
    public Aggregation check(Aggregation aggregation) {
        return QueryCheck.check(this, aggregation);
    }

    /**
     * Checks a search against this declaration: searched fields TEXT or KEYWORD, facets keyword-like,
     * filters and ordering as for queries.
     *
     * @throws InvalidQueryException naming what does not fit
     */
    public SearchQuery check(SearchQuery search) {
        return QueryCheck.check(this, search);
    }

    static String requireIdentifier(String value, String what) {
        if (value == null || !IDENTIFIER.matcher(value).matches()) {
            throw new ConfigurationException("Invalid " + what + " [" + value
                    + "]: use lower-case letters, digits and '_', starting with a letter, at most 48 characters");
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReadModel other && name.equals(other.name) && keyField.equals(other.keyField)
                && fields.equals(other.fields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, keyField, fields);
    }

    @Override
    public String toString() {
        return "ReadModel[" + name + ", key=" + keyField + ", fields=" + fields + "]";
    }

    /** Collects a read model's key and fields; not thread-safe. */
    public static final class Builder {
        private final String name;
        private String keyField;
        private final Map<String, FieldType> fields = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = name;
        }

        /** Declares the key field (a keyword); required, once. */
        public Builder key(String field) {
            requireIdentifier(field, "key field of read model [" + name + "]");
            if (keyField != null) {
                throw new ConfigurationException("Read model [" + name + "] already has key field [" + keyField + "]");
            }
            keyField = field;
            return field(field, FieldType.KEYWORD);
        }

        /** Declares a field; each name once. */
        public Builder field(String field, FieldType type) {
            requireIdentifier(field, "field name of read model [" + name + "]");
            Objects.requireNonNull(type, "type of field [" + field + "]");
            if (fields.putIfAbsent(field, type) != null) {
                throw new ConfigurationException("Field [" + field + "] is declared twice in read model [" + name + "]");
            }
            return this;
        }

        /**
         * Finishes the declaration.
         *
         * @throws ConfigurationException when no key field was declared
         */
        public ReadModel build() {
            if (keyField == null) {
                throw new ConfigurationException("Read model [" + name + "] needs a key field: call key(name)");
            }
            return new ReadModel(name, keyField, fields);
        }
    }
}
