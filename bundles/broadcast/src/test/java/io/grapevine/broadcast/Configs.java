package io.grapevine.broadcast;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * A component property type without a framework: each method answers the map's value for its name,
 * else its declared default (what Declarative Services does with no configuration).
 */
final class Configs {
    private Configs() {
    }

    static <A> A of(Class<A> type, Map<String, Object> values) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return objectMethod(self, method, args);
            }
            if (method.getName().equals("annotationType")) {
                return type;
            }
            return values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue();
        });
        return type.cast(proxy);
    }

    static <A> A defaults(Class<A> type) {
        return of(type, Map.of());
    }

    private static Object objectMethod(Object self, Method method, Object[] args) {
        return switch (method.getName()) {
            case "equals" -> self == args[0];
            case "hashCode" -> System.identityHashCode(self);
            default -> "config " + self.getClass().getInterfaces()[0].getSimpleName();
        };
    }
}
