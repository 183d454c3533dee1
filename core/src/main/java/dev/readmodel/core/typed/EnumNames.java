package dev.readmodel.core.typed;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** An enum's constants by name, looked up without reflection per value. Immutable and thread-safe. */
record EnumNames(Class<?> type, Map<String, Object> constants) {
    static EnumNames of(Class<?> type) {
        Map<String, Object> constants = new HashMap<>();
        for (Object constant : type.getEnumConstants()) {
            constants.put(((Enum<?>) constant).name(), constant);
        }
        return new EnumNames(type, Map.copyOf(constants));
    }

    /**
     * The constant named {@code name}.
     *
     * @throws IllegalArgumentException when the enum has no such constant (a stored value the enum no longer has)
     */
    Object constant(String name) {
        Object constant = constants.get(name);
        if (constant == null) {
            throw new IllegalArgumentException("value [" + name + "] is not a constant of enum [" + type.getName()
                    + "]; constants: " + Arrays.toString(type.getEnumConstants()));
        }
        return constant;
    }
}
