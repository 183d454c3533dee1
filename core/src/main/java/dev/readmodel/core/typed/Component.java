package dev.readmodel.core.typed;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.model.FieldType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * One record component as a read-model field: its field name and type, its accessor, and the conversions
 * between the component's Java value and the value a {@link dev.readmodel.core.model.Document} holds. Built
 * once per record class; immutable and thread-safe.
 */
record Component(String name, String field, FieldType type, Function<Object, Object> getter, UnaryOperator<Object> toField,
        UnaryOperator<Object> fromField, Object absent, boolean direct) {
    /** A component whose value is a value of its field's Java type ({@code direct}: not ints, enums or lists). */
    Component(String name, String field, FieldType type, Function<Object, Object> getter, UnaryOperator<Object> fromField,
            Object absent) {
        this(name, field, type, getter, v -> v, fromField, absent, true);
    }

    /** The list field type of each list element class that is a field type's Java type. */
    private static final Map<Class<?>, FieldType> LIST_TYPES = Map.of(Long.class, FieldType.LONG_LIST,
            Double.class, FieldType.DOUBLE_LIST, BigDecimal.class, FieldType.DECIMAL_LIST, Boolean.class,
            FieldType.BOOLEAN_LIST, Instant.class, FieldType.TIMESTAMP_LIST, LocalDate.class, FieldType.DATE_LIST);

    static final String SUPPORTED = "String, long, Long, int, Integer, double, Double, BigDecimal, boolean, Boolean,"
            + " Instant, LocalDate, an enum, or a List of String, an enum, Long, Integer, Double, BigDecimal, Boolean,"
            + " Instant or LocalDate";

    /** The component's value in {@code record}, as a document holds it ({@code null} when the component is null). */
    Object write(Object record) {
        Object value = getter.apply(record);
        return value == null || direct ? value : toField.apply(value);
    }

    /**
     * The component's value from a document's {@code value} ({@code null} when absent). A value of the field's
     * Java type, as every store gives back, is the component's value as it is: no conversion call at all.
     */
    Object read(Object value) {
        if (value == null) {
            return absent;
        }
        return direct && value.getClass() == type.javaType() ? value : fromField.apply(value);
    }

    /**
     * Derives the field of {@code component} of record {@code owner}.
     *
     * @throws ConfigurationException naming the record, the component and its type when the type has no field type
     */
    static Component of(Class<?> owner, RecordComponent component) {
        String name = component.getName();
        FieldName override = component.getAnnotation(FieldName.class);
        String field = override != null ? override.value() : Names.snakeCase(name);
        boolean text = component.isAnnotationPresent(Text.class);
        Class<?> raw = component.getType();
        if (text && raw != String.class) {
            throw new ConfigurationException("Component [" + name + "] of record [" + owner.getName() + "] is marked @Text"
                    + " but has type [" + component.getGenericType().getTypeName() + "]: only String components can be TEXT");
        }
        Function<Object, Object> getter = Accessors.getter(owner, component);
        if (raw == String.class) {
            return new Component(name, field, text ? FieldType.TEXT : FieldType.KEYWORD, getter, Object::toString, null);
        }
        if (raw == long.class || raw == Long.class) {
            return new Component(name, field, FieldType.LONG, getter, FieldType.LONG::coerce,
                    raw == long.class ? 0L : null);
        }
        if (raw == int.class || raw == Integer.class) {
            return new Component(name, field, FieldType.LONG, getter, v -> ((Integer) v).longValue(),
                    v -> Math.toIntExact((Long) FieldType.LONG.coerce(v)), raw == int.class ? 0 : null, false);
        }
        if (raw == double.class || raw == Double.class) {
            return new Component(name, field, FieldType.DOUBLE, getter, FieldType.DOUBLE::coerce,
                    raw == double.class ? 0.0 : null);
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return new Component(name, field, FieldType.BOOLEAN, getter, FieldType.BOOLEAN::coerce,
                    raw == boolean.class ? false : null);
        }
        if (raw == BigDecimal.class) {
            return new Component(name, field, FieldType.DECIMAL, getter, FieldType.DECIMAL::coerce, null);
        }
        if (raw == Instant.class) {
            return new Component(name, field, FieldType.TIMESTAMP, getter, FieldType.TIMESTAMP::coerce, null);
        }
        if (raw == LocalDate.class) {
            return new Component(name, field, FieldType.DATE, getter, FieldType.DATE::coerce, null);
        }
        if (raw.isEnum()) {
            EnumNames names = EnumNames.of(raw);
            return new Component(name, field, FieldType.KEYWORD, getter, v -> ((Enum<?>) v).name(),
                    v -> names.constant(v.toString()), null, false);
        }
        if (raw == List.class) {
            return list(owner, component, field, getter);
        }
        throw unsupported(owner, component);
    }

    @SuppressWarnings("unchecked")
    private static Component list(Class<?> owner, RecordComponent component, String field, Function<Object, Object> getter) {
        Type element = component.getGenericType() instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : null;
        if (element == String.class) {
            return new Component(component.getName(), field, FieldType.KEYWORD_LIST, getter, v -> v,
                    FieldType.KEYWORD_LIST::coerce, List.of(), false);
        }
        if (element instanceof Class<?> type && type.isEnum()) {
            EnumNames names = EnumNames.of(type);
            return new Component(component.getName(), field, FieldType.KEYWORD_LIST, getter,
                    v -> ((List<Enum<?>>) v).stream().map(Enum::name).toList(),
                    v -> ((List<String>) FieldType.KEYWORD_LIST.coerce(v)).stream().map(names::constant).toList(),
                    List.of(), false);
        }
        if (element == Integer.class) {
            return new Component(component.getName(), field, FieldType.LONG_LIST, getter,
                    v -> ((List<Integer>) v).stream().map(i -> i == null ? null : (Object) i.longValue()).toList(),
                    v -> ((List<Long>) FieldType.LONG_LIST.coerce(v)).stream().map(Math::toIntExact).toList(),
                    List.of(), false);
        }
        FieldType type = element instanceof Class<?> c ? LIST_TYPES.get(c) : null;
        if (type != null) {
            return new Component(component.getName(), field, type, getter, v -> v, type::coerce, List.of(), false);
        }
        throw unsupported(owner, component);
    }

    private static ConfigurationException unsupported(Class<?> owner, RecordComponent component) {
        return new ConfigurationException("Component [" + component.getName() + "] of record [" + owner.getName()
                + "] has type [" + component.getGenericType().getTypeName() + "], which no read-model field type holds;"
                + " supported: " + SUPPORTED);
    }

}
