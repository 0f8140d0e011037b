package io.grapevine.core.layers;

import io.grapevine.api.layer.LayerUnavailableException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Which types of the package {@code io.grapevine.api.layer} are layers, so that the core mediates
 * every layer the API offers without naming one.
 *
 * <p>The rule: a layer is a public interface of the package (not an annotation) that no other
 * interface of the package mentions in a method's parameters or result, type arguments included.
 * What a layer mentions is reached through the layer, not asked of the core: its listener types
 * (the single parameter of an {@code addListener} method, such as {@code MembershipListener}) and
 * the values it hands out (such as {@code Publication}, the result of {@code Broadcast.publish}).
 * Records, classes and exceptions are not interfaces, so never layers.
 */
public final class LayerTypes {
    private static final String PACKAGE = "io/grapevine/api/layer";

    private LayerTypes() {
    }

    /**
     * The layers of the bundle that exports the package, found through a class of the package that
     * is not a layer. Only top-level classes are candidates: nested ones and package-info are skipped.
     */
    public static List<Class<?>> exported() {
        Bundle api = FrameworkUtil.getBundle(LayerUnavailableException.class);
        List<Class<?>> candidates = new ArrayList<>();
        for (String resource : api.adapt(BundleWiring.class).listResources(PACKAGE, "*.class", 0)) {
            if (resource.matches(PACKAGE + "/\\w+\\.class")) {
                String name = resource.substring(0, resource.length() - ".class".length()).replace('/', '.');
                try {
                    candidates.add(api.loadClass(name));
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException("cannot load " + name + " from " + api, e);
                }
            }
        }
        return of(candidates);
    }

    /** The layers among {@code candidates}, the classes of one package, by the rule above. */
    static List<Class<?>> of(Collection<Class<?>> candidates) {
        List<Class<?>> interfaces = candidates.stream()
                .filter(c -> c.isInterface() && !c.isAnnotation() && Modifier.isPublic(c.getModifiers())).toList();
        Set<Type> mentioned = new HashSet<>();
        for (Class<?> type : interfaces) {
            Set<Type> byType = new HashSet<>();
            for (Method method : type.getMethods()) {
                mentions(method.getGenericReturnType(), byType);
                for (Type parameter : method.getGenericParameterTypes()) {
                    mentions(parameter, byType);
                }
            }
            byType.remove(type);
            mentioned.addAll(byType);
        }
        return interfaces.stream().filter(c -> !mentioned.contains(c)).toList();
    }

    private static void mentions(Type type, Set<Type> into) {
        if (type instanceof ParameterizedType parameterized) {
            into.add(parameterized.getRawType());
            for (Type argument : parameterized.getActualTypeArguments()) {
                mentions(argument, into);
            }
        } else {
            into.add(type);
        }
    }
}
