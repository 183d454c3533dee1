package dev.readmodel.core.typed;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.error.InvalidDocumentException;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A read model declared by a record: one field per component, and conversions between records and
 * {@link Document}s. {@link #readModel()} is the plain declaration, so every store, query and projection
 * that takes a {@link ReadModel} takes this one's. Immutable and thread-safe; the accessors and the
 * canonical constructor are looked up once, here, and never reflected on per record.
 *
 * <p>Derivation: the name is {@link ReadModelName} or the record's simple name in snake_case; the key is
 * the {@link Key} component, else the component named {@code id}, and must be a {@code String}; each field
 * is named {@link FieldName} or the component's name in snake_case ({@code totalAmount} is {@code total_amount}).
 * Field types: {@code String} is KEYWORD ({@link Text} for TEXT), {@code long}, {@code int} and their boxes
 * LONG, {@code double} DOUBLE, {@code BigDecimal} DECIMAL, {@code boolean} BOOLEAN, {@code Instant} TIMESTAMP,
 * {@code LocalDate} DATE, enums KEYWORD (by constant name), {@code List<String>} and {@code List<an enum>}
 * KEYWORD_LIST; {@code List<Long>} and {@code List<Integer>} LONG_LIST, {@code List<Double>} DOUBLE_LIST,
 * {@code List<BigDecimal>} DECIMAL_LIST, {@code List<Boolean>} BOOLEAN_LIST, {@code List<Instant>}
 * TIMESTAMP_LIST and {@code List<LocalDate>} DATE_LIST (a list's items held to their scalar type's rules).
 *
 * <p>Reading back: a null component is an absent field and reads as {@code null} (zero or {@code false} for
 * primitives); a list reads as an empty list when absent or empty, never {@code null}; an instant to the
 * millisecond, as every store keeps it. A decimal reads with the scale its store gives back, as in a
 * {@link Document}: PostgreSQL, Elasticsearch and memory keep the written scale, ClickHouse may give its six
 * places ({@code 1.5} as {@code 1.500000}), so compare decimals with {@code compareTo}. The scale is not
 * normalized on purpose: a handler that copies a decimal from the current record writes it back as it was.
 *
 * @param <R> the record type
 */
public final class TypedReadModel<R extends Record> {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,47}");

    private final Class<R> type;
    private final ReadModel readModel;
    private final Component[] components;
    private final int key;
    /** For each component, the index of its field in {@link ReadModel#fields()} (the key is field 0). */
    private final int[] slots;
    private final MethodHandle constructor;

    private TypedReadModel(Class<R> type, ReadModel readModel, Component[] components, int key, MethodHandle constructor) {
        this.type = type;
        this.readModel = readModel;
        this.components = components;
        this.key = key;
        this.constructor = constructor;
        List<String> fields = List.copyOf(readModel.fields().keySet());
        this.slots = Arrays.stream(components).mapToInt(c -> fields.indexOf(c.field())).toArray();
    }

    /**
     * Derives the read model that record class {@code type} declares; {@link ReadModel#of} calls this.
     *
     * @throws ConfigurationException naming the record (and the component and its type) when a name does not fit,
     *     there is no key, or a component's type has no field type
     */
    public static <R extends Record> TypedReadModel<R> of(Class<R> type) {
        Objects.requireNonNull(type, "type");
        if (!type.isRecord()) {
            throw new ConfigurationException("Class [" + type.getName() + "] is not a record: typed read models are records");
        }
        ReadModelName named = type.getAnnotation(ReadModelName.class);
        String name = identifier(type, named != null ? named.value() : Names.snakeCase(type.getSimpleName()),
                "read model name");
        RecordComponent[] declared = type.getRecordComponents();
        Component[] components = new Component[declared.length];
        int key = -1;
        for (int i = 0; i < declared.length; i++) {
            components[i] = Component.of(type, declared[i]);
            identifier(type, components[i].field(), "field name of component [" + declared[i].getName() + "]");
            if (declared[i].isAnnotationPresent(Key.class)) {
                if (key >= 0) {
                    throw new ConfigurationException("Record [" + type.getName() + "] marks two components @Key: ["
                            + declared[key].getName() + "] and [" + declared[i].getName() + "]");
                }
                key = i;
            }
        }
        for (int i = 0; key < 0 && i < declared.length; i++) {
            key = declared[i].getName().equals("id") ? i : -1;
        }
        if (key < 0) {
            throw new ConfigurationException("Record [" + type.getName() + "] has no key: mark one String component"
                    + " @Key or name it id");
        }
        if (declared[key].getType() != String.class) {
            throw new ConfigurationException("Key component [" + declared[key].getName() + "] of record [" + type.getName()
                    + "] has type [" + declared[key].getGenericType().getTypeName() + "]: keys are Strings");
        }
        ReadModel.Builder builder = ReadModel.named(name).key(components[key].field());
        for (int i = 0; i < components.length; i++) {
            if (i != key) {
                try {
                    builder.field(components[i].field(), components[i].type());
                } catch (ConfigurationException e) {
                    throw new ConfigurationException("Record [" + type.getName() + "]: " + e.getMessage(), e);
                }
            }
        }
        return new TypedReadModel<>(type, builder.build(), components, key, constructor(type, declared));
    }

    /** The plain declaration, for stores, queries and {@link dev.readmodel.core.projection.Projection.Builder#readModel}. */
    public ReadModel readModel() {
        return readModel;
    }

    /** The record class. */
    public Class<R> type() {
        return type;
    }

    /** The key of {@code record}: its key component. */
    public String keyOf(R record) {
        return (String) components[key].write(record);
    }

    /**
     * {@code record} as a document, conformed to {@link #readModel()}: each non-null component under its field
     * name, enums by constant name, converted to the field's type.
     *
     * @throws InvalidDocumentException when the key component is null or empty, or a value does not fit its field
     */
    public Document toDocument(R record) {
        Objects.requireNonNull(record, "record");
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            values[slots[i]] = components[i].write(record);
        }
        Object id = values[0];
        if (id == null || id.toString().isEmpty()) {
            throw new InvalidDocumentException("Key component [" + components[key].name() + "] of record ["
                    + type.getName() + "] is " + (id == null ? "null" : "empty") + ": a document of read model ["
                    + readModel.name() + "] needs its key");
        }
        return readModel.conformValues(id.toString(), values);
    }

    /**
     * The record {@code document} holds, converting each field to its component's type.
     *
     * @throws InvalidDocumentException when a value does not convert (a LONG beyond an {@code int} component, a name
     *     that is no longer a constant of the enum) or the record's constructor refuses the values
     */
    public R fromDocument(Document document) {
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            Component component = components[i];
            try {
                values[i] = component.read(document.get(component.field()));
            } catch (IllegalArgumentException | ArithmeticException | ClassCastException e) {
                throw new InvalidDocumentException("Field [" + component.field() + "] of read model [" + readModel.name()
                        + "] does not convert to component [" + component.name() + "] of record [" + type.getName()
                        + "]: " + e.getMessage());
            }
        }
        try {
            return type.cast(constructor.invokeExact(values));
        } catch (RuntimeException e) {
            throw new InvalidDocumentException("Record [" + type.getName() + "] refused document "
                    + document + " of read model [" + readModel.name() + "]: " + e);
        } catch (Throwable e) {
            throw new IllegalStateException("Constructor of record [" + type.getName() + "] failed", e);
        }
    }

    private static String identifier(Class<?> type, String value, String what) {
        if (!IDENTIFIER.matcher(value).matches()) {
            throw new ConfigurationException("Record [" + type.getName() + "]: invalid " + what + " [" + value
                    + "]; use lower-case letters, digits and '_', starting with a letter, at most 48 characters");
        }
        return value;
    }

    private static MethodHandle constructor(Class<?> type, RecordComponent[] declared) {
        Class<?>[] parameters = Arrays.stream(declared).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            Constructor<?> canonical = type.getDeclaredConstructor(parameters);
            canonical.setAccessible(true);
            return MethodHandles.lookup().unreflectConstructor(canonical)
                    .asSpreader(Object[].class, parameters.length)
                    .asType(MethodType.methodType(Object.class, Object[].class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ConfigurationException("Cannot call the canonical constructor of record [" + type.getName() + "]: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "TypedReadModel[" + type.getName() + ", " + readModel + "]";
    }
}
