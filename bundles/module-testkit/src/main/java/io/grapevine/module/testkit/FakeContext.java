package io.grapevine.module.testkit;

import io.grapevine.api.Cancellable;
import io.grapevine.api.ModuleContext;
import io.grapevine.api.ModuleRequest;
import io.grapevine.api.ModuleResponse;
import io.grapevine.api.RequestHandler;
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
 * A module context for unit tests of a module without a core. Timers run on a {@link VirtualClock}
 * when the test {@link #advance advances} it, or all at once with {@link #runTimers} for a module
 * on a clock of its own. Exchanges wait until the test completes their answer. Provided layers are
 * kept for the test to call, and, like the core, the context registers one listener of its own with
 * each {@code addListener} of a provided layer: it records every upcall in {@link #upcalls}.
 */
public final class FakeContext implements ModuleContext {
    /** One exchange the module started; the test completes {@code answer}. */
    public record Exchange(String peer, String path, byte[] body, CompletableFuture<byte[]> answer) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final class Timer {
        final Runnable task;

        Timer(Runnable task) {
            this.task = task;
        }
    }

    public final List<Exchange> exchanges = new ArrayList<>();
    public final Map<Class<?>, Object> provided = new LinkedHashMap<>();
    /** Layers whose provide fails, as when another module provides them already. */
    public final Set<Class<?>> refused = new HashSet<>();
    /** Each upcall to the context's own listeners: the method's name and its first argument. */
    public final List<String> upcalls = new ArrayList<>();
    /** The core's peers, as the module will see them. */
    public final List<String> peers = new ArrayList<>();
    private final String moduleName;
    private final VirtualClock clock = new VirtualClock();
    /** Timers set and neither run nor cancelled, in the order they were set. */
    private final List<Timer> pending = new ArrayList<>();
    private final Random random = new Random(1);
    private RequestHandler handler;

    public FakeContext(String moduleName) {
        this.moduleName = moduleName;
    }

    public long now() {
        return clock.now();
    }

    /** Moves the virtual clock forward, running the timers that come due on the way. */
    public void advance(long ms) {
        clock.runFor(ms);
    }

    /** Runs every timer set so far, whatever its delay, leaving the clock where it is. */
    public void runTimers() {
        new ArrayList<>(pending).forEach(this::fire);
    }

    public <T> T layer(Class<T> type) {
        return type.cast(provided.get(type));
    }

    /** Hands the module's handler a request; a {@code null} body stays {@code null}. */
    public ModuleResponse request(String method, String path, String body, String from) {
        return handler.handle(new ModuleRequest(method, path, Map.of(),
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), from));
    }

    @Override
    public String nodeId() {
        return "node.test";
    }

    @Override
    public String moduleName() {
        return moduleName;
    }

    @Override
    public Random random() {
        return random;
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
        Timer timer = new Timer(task);
        pending.add(timer);
        clock.at(clock.now() + delay.toMillis(), () -> fire(timer));
        return () -> pending.remove(timer);
    }

    @Override
    public Cancellable scheduleEvery(Runnable task, Duration interval) {
        throw new AssertionError("not used: the drivers keep one one-shot timer");
    }

    @Override
    public void serve(RequestHandler requestHandler) {
        handler = requestHandler;
    }

    @Override
    public CompletionStage<byte[]> exchange(String peer, String path, byte[] body, Duration timeout) {
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        exchanges.add(new Exchange(peer, path, body, answer));
        return answer;
    }

    @Override
    public List<String> peers() {
        return List.copyOf(peers);
    }

    @Override
    public <T> Cancellable provide(Class<T> layer, T implementation) {
        if (refused.contains(layer)) {
            throw new IllegalStateException(layer.getSimpleName() + " is provided by module other already");
        }
        provided.put(layer, implementation);
        for (Method addListener : layer.getMethods()) {
            if (addListener.getName().equals("addListener")) {
                listen(addListener, implementation);
            }
        }
        return () -> provided.remove(layer);
    }

    private void fire(Timer timer) {
        if (pending.remove(timer)) {
            timer.task.run();
        }
    }

    private void listen(Method addListener, Object layer) {
        Class<?> type = addListener.getParameterTypes()[0];
        Object recorder = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "toString" -> "recorder";
                    default -> upcalls.add(method.getName() + " " + args[0]);
                });
        try {
            addListener.invoke(layer, recorder);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
