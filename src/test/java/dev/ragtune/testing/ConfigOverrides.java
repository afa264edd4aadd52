package dev.ragtune.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;

/** A configuration interface as the application has it, with some of its values replaced: for objects a test builds itself. */
public final class ConfigOverrides {

    private ConfigOverrides() {
    }

    /** {@code overrides}: method name to the value it returns instead. */
    public static <T> T of(Class<T> type, T real, Map<String, Object> overrides) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (overrides.containsKey(method.getName())) {
                return overrides.get(method.getName());
            }
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }
}
