package io.grapevine.core.layers;

import io.grapevine.api.Cancellable;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceFactory;
import org.osgi.framework.ServiceRegistration;

/**
 * The core's mediation of layers: for every layer type it is given (at activation, those of
 * {@link LayerTypes#exported()}), it registers, for the node's whole life, a service whose object
 * is a per-bundle proxy onto the current provider. Consumers bind once and never see the provider
 * come and go; their listeners live in the core and are removed when the consumer's bundle
 * releases the service. A type it was not given is no layer: {@code provide} refuses it.
 */
public final class Layers implements LayerHost, AutoCloseable {
    private final Map<Class<?>, LayerSlot> slots = new LinkedHashMap<>();
    private final Map<Class<?>, ProxyFactory> factories = new LinkedHashMap<>();
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "grapevine-layer-upcall");
        thread.setDaemon(true);
        return thread;
    });

    public Layers(Collection<Class<?>> types, Consumer<String> onProblem) {
        for (Class<?> type : types) {
            LayerSlot slot = new LayerSlot(type, pool, onProblem);
            slots.put(type, slot);
            factories.put(type, new ProxyFactory(slot));
        }
    }

    public void register(BundleContext context) {
        for (LayerSlot slot : slots.values()) {
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put("grapevine.layer", slot.type().getSimpleName());
            registrations.add(context.registerService(slot.type().getName(), factories.get(slot.type()), properties));
        }
    }

    @Override
    public <T> Cancellable provide(String module, Class<T> layer, T implementation) {
        LayerSlot slot = slots.get(layer);
        if (slot == null) {
            throw new IllegalArgumentException(layer.getName() + " is not a Grapevine layer");
        }
        if (!layer.isInstance(implementation)) {
            throw new IllegalArgumentException("implementation is not a " + layer.getSimpleName());
        }
        return slot.provide(module, implementation);
    }

    /** The service factory of one layer type (what the framework calls per consumer bundle). */
    ServiceFactory<Object> proxyFactory(Class<?> type) {
        return factories.get(type);
    }

    @Override
    public void close() {
        registrations.forEach(registration -> {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone with the framework
            }
        });
        pool.shutdownNow();
    }

    /** One proxy per consumer bundle, so the core knows whose listeners to drop when it leaves. */
    private static final class ProxyFactory implements ServiceFactory<Object> {
        private final LayerSlot slot;

        ProxyFactory(LayerSlot slot) {
            this.slot = slot;
        }

        @Override
        public Object getService(Bundle bundle, ServiceRegistration<Object> registration) {
            long bundleId = bundle.getBundleId();
            List<Method> listenerMethods = LayerSlot.listenerMethods(slot.type());
            return Proxy.newProxyInstance(slot.type().getClassLoader(), new Class<?>[] {slot.type()},
                    (proxy, method, args) -> {
                        if (listenerMethods.contains(method)) {
                            return slot.addListener(bundleId, method.getParameterTypes()[0], args[0]);
                        }
                        return method.getDeclaringClass() == Object.class ? LayerSlot.objectMethod(proxy, method, args)
                                : slot.call(method, args);
                    });
        }

        @Override
        public void ungetService(Bundle bundle, ServiceRegistration<Object> registration, Object service) {
            slot.removeListeners(bundle.getBundleId());
        }
    }
}
