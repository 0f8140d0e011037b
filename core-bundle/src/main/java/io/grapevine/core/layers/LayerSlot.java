package io.grapevine.core.layers;

import io.grapevine.api.Cancellable;
import io.grapevine.api.layer.LayerUnavailableException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * One layer type: its current provider and the listeners consumers registered through the core's
 * proxy. The listeners belong to the slot, not to the provider: when the provider changes, the
 * slot registers its own fan-out listener with the new one, and consumers notice nothing.
 */
final class LayerSlot {
    private final Class<?> type;
    private final Executor pool;
    private final Consumer<String> onProblem;
    private final List<Registered> listeners = new CopyOnWriteArrayList<>();
    private volatile Object provider;
    private String providerModule;
    private final List<Cancellable> fanOuts = new ArrayList<>();

    /** A consumer's listener: which bundle registered it, its interface, its delivery queue. */
    private record Registered(long bundle, Class<?> listenerType, Object listener, SerialDelivery delivery) {
    }

    LayerSlot(Class<?> type, Executor pool, Consumer<String> onProblem) {
        this.type = type;
        this.pool = pool;
        this.onProblem = onProblem;
    }

    Class<?> type() {
        return type;
    }

    synchronized Cancellable provide(String module, Object implementation) {
        if (provider != null) {
            throw new IllegalStateException(type.getSimpleName() + " is provided by module " + providerModule
                    + " already");
        }
        provider = implementation;
        providerModule = module;
        for (Method addListener : listenerMethods(type)) {
            Class<?> listenerType = addListener.getParameterTypes()[0];
            Object fanOut = Proxy.newProxyInstance(listenerType.getClassLoader(), new Class<?>[] {listenerType},
                    (proxy, method, args) -> method.getDeclaringClass() == Object.class
                            ? objectMethod(proxy, method, args) : fanOut(listenerType, method, args));
            Object handle = invoke(implementation, addListener, new Object[] {fanOut});
            if (handle instanceof Cancellable cancellable) {
                fanOuts.add(cancellable);
            }
        }
        return () -> withdraw(implementation);
    }

    private synchronized void withdraw(Object implementation) {
        if (provider != implementation) {
            return;
        }
        provider = null;
        providerModule = null;
        for (Cancellable fanOut : fanOuts) {
            try {
                fanOut.cancel();
            } catch (RuntimeException e) {
                onProblem.accept("provider of " + type.getSimpleName() + " threw removing a listener: " + e);
            }
        }
        fanOuts.clear();
    }

    /** A call on the proxy: to the provider, or fail fast when there is none. */
    Object call(Method method, Object[] args) throws Throwable {
        Object current = provider;
        if (current == null) {
            throw new LayerUnavailableException("no module provides " + type.getSimpleName() + " on this node now");
        }
        try {
            return method.invoke(current, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    Cancellable addListener(long bundle, Class<?> listenerType, Object listener) {
        Registered registered = new Registered(bundle, listenerType, listener,
                new SerialDelivery(pool, problem -> onProblem.accept(type.getSimpleName() + " listener: " + problem)));
        listeners.add(registered);
        return () -> listeners.remove(registered);
    }

    /** The bundle went away: its listeners go too. */
    void removeListeners(long bundle) {
        listeners.removeIf(r -> r.bundle() == bundle);
    }

    private Object fanOut(Class<?> listenerType, Method method, Object[] args) {
        for (Registered registered : listeners) {
            if (registered.listenerType() == listenerType) {
                registered.delivery().submit(() -> invoke(registered.listener(), method, args));
            }
        }
        return null;
    }

    static List<Method> listenerMethods(Class<?> layer) {
        List<Method> methods = new ArrayList<>();
        for (Method method : layer.getMethods()) {
            if (method.getName().equals("addListener") && method.getParameterCount() == 1
                    && method.getParameterTypes()[0].isInterface()) {
                methods.add(method);
            }
        }
        return methods;
    }

    /** equals, hashCode and toString of a proxy: identity, never the provider's. */
    static Object objectMethod(Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "grapevine proxy of " + proxy.getClass().getInterfaces()[0].getSimpleName();
        };
    }

    private static Object invoke(Object target, Method method, Object[] args) {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
