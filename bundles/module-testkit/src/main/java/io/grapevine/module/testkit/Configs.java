package io.grapevine.module.testkit;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * A component property type without a framework, as Declarative Services makes it: each method
 * answers the value of its property, else its declared default. A method's property is its name
 * with each {@code _} read as {@code .} ({@code interval_ms()} is {@code interval.ms}), the one
 * rule of DS's name mapping the modules' configurations need.
 */
public final class Configs {
    private Configs() {
    }

    public static <A> A of(Class<A> type, Map<String, Object> properties) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return objectMethod(self, method, args);
            }
            if (method.getName().equals("annotationType")) {
                return type;
            }
            String property = method.getName().replace('_', '.');
            return properties.containsKey(property) ? properties.get(property) : method.getDefaultValue();
        });
        return type.cast(proxy);
    }

    public static <A> A defaults(Class<A> type) {
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
