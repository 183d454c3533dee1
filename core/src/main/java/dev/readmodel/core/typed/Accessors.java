package dev.readmodel.core.typed;

import dev.readmodel.core.error.ConfigurationException;
import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.function.Function;

/**
 * Record accessors as plain functions, made once per component. A {@link LambdaMetafactory} function is a
 * class of its own that the JIT inlines like a hand-written getter; a method handle held in a field is not
 * inlined and costs tens of nanoseconds a call, which is most of a typed write.
 */
final class Accessors {
    private static final MethodType APPLY = MethodType.methodType(Object.class, Object.class);

    private Accessors() {
    }

    /**
     * The accessor of {@code component} of record {@code owner} as a function.
     *
     * @throws ConfigurationException when the accessor cannot be reached
     */
    @SuppressWarnings("unchecked")
    static Function<Object, Object> getter(Class<?> owner, RecordComponent component) {
        Method accessor = component.getAccessor();
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(owner, MethodHandles.lookup());
            MethodHandle handle = lookup.unreflect(accessor);
            if (lookup.hasFullPrivilegeAccess()) {
                Class<?> returned = MethodType.methodType(accessor.getReturnType()).wrap().returnType();
                CallSite site = LambdaMetafactory.metafactory(lookup, "apply", MethodType.methodType(Function.class),
                        APPLY, handle, MethodType.methodType(returned, owner));
                return (Function<Object, Object>) site.getTarget().invoke();
            }
            return slow(handle.asType(APPLY), component);
        } catch (Throwable e) {
            return slow(reflected(owner, component, accessor, e), component);
        }
    }

    /** Records in modules that do not open themselves to readmodel: reached through the accessor made accessible. */
    private static MethodHandle reflected(Class<?> owner, RecordComponent component, Method accessor, Throwable cause) {
        try {
            accessor.setAccessible(true);
            return MethodHandles.lookup().unreflect(accessor).asType(APPLY);
        } catch (ReflectiveOperationException | RuntimeException e) {
            e.addSuppressed(cause);
            throw new ConfigurationException("Cannot read component [" + component.getName() + "] of record ["
                    + owner.getName() + "]: " + e.getMessage(), e);
        }
    }

    private static Function<Object, Object> slow(MethodHandle getter, RecordComponent component) {
        return record -> {
            try {
                return getter.invokeExact(record);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("Accessor of component [" + component.getName() + "] failed", e);
            }
        };
    }
}
