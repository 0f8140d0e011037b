package io.grapevine.cyclon;

import io.grapevine.api.Cancellable;
import io.grapevine.api.ModuleContext;
import io.grapevine.api.ModuleRequest;
import io.grapevine.api.ModuleResponse;
import io.grapevine.api.RequestHandler;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A module context whose timers run only when the test says so, whose exchanges wait for the test
 * to answer them, and which, like the core, registers one listener with each provided layer.
 */
final class FakeContext implements ModuleContext {
    record Sent(String peer, String path, String body, CompletableFuture<byte[]> answer) {
    }

    final List<Runnable> timers = new ArrayList<>();
    final List<Sent> sent = new ArrayList<>();
    final Map<Class<?>, Object> provided = new LinkedHashMap<>();
    final Set<Class<?>> refused = new HashSet<>();
    final List<String> upcalls = new ArrayList<>();
    final Random random = new Random(1);
    List<String> peers = List.of();
    RequestHandler handler;

    @Override
    public String nodeId() {
        return "node.test";
    }

    @Override
    public String moduleName() {
        return Settings.PID;
    }

    @Override
    public Random random() {
        return random;
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
        timers.add(task);
        return () -> timers.remove(task);
    }

    @Override
    public Cancellable scheduleEvery(Runnable task, Duration interval) {
        throw new AssertionError("the driver schedules one wake-up at a time");
    }

    @Override
    public void serve(RequestHandler requestHandler) {
        handler = requestHandler;
    }

    @Override
    public CompletionStage<byte[]> exchange(String peer, String path, byte[] body, Duration timeout) {
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        sent.add(new Sent(peer, path, new String(body, StandardCharsets.US_ASCII), answer));
        return answer;
    }

    @Override
    public List<String> peers() {
        return peers;
    }

    @Override
    public <T> Cancellable provide(Class<T> layer, T implementation) {
        if (refused.contains(layer)) {
            throw new IllegalStateException(layer.getSimpleName() + " is provided by module other already");
        }
        provided.put(layer, implementation);
        // Like the core: one listener of its own with each addListener of the layer, here recording.
        for (Method addListener : layer.getMethods()) {
            if (addListener.getName().equals("addListener")) {
                Class<?> type = addListener.getParameterTypes()[0];
                Object recorder = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                        (proxy, method, args) -> switch (method.getName()) {
                            case "equals" -> proxy == args[0];
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "toString" -> "recorder";
                            default -> upcalls.add(method.getName() + " " + args[0]);
                        });
                try {
                    addListener.invoke(implementation, recorder);
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return () -> provided.remove(layer);
    }

    /** Runs the timers due now (each wake-up schedules the next). */
    void runTimers() {
        List<Runnable> due = new ArrayList<>(timers);
        timers.clear();
        due.forEach(Runnable::run);
    }

    ModuleResponse request(String method, String path, String body, String from) {
        return handler.handle(new ModuleRequest(method, path, Map.of(), body.getBytes(StandardCharsets.US_ASCII),
                from));
    }

    /** The component's configuration as DS makes it from {@code properties} (defaults otherwise). */
    @SuppressWarnings("unchecked")
    static <A extends Annotation> A config(Class<A> type, Map<String, Object> properties) {
        return (A) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            Object value = properties.get(method.getName().replace('_', '.'));
            return value != null ? value : method.getDefaultValue();
        });
    }
}
