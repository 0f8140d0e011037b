package io.grapevine.core.modules;

import io.grapevine.api.Cancellable;
import io.grapevine.api.ModuleContext;
import io.grapevine.api.RequestHandler;
import io.grapevine.core.config.DeploymentNumber;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One running module version's view of the core. Timers run on the module's thread; a task that
 * throws is reported and, if periodic, keeps its schedule. {@link #close} cancels everything.
 */
final class ModuleContextImpl implements ModuleContext {
    static final long MIN_INTERVAL_MS = 10;

    private final String nodeId;
    private final String moduleName;
    private final Random random;
    private final ModuleThread thread;
    private final Consumer<String> onTaskFailure;
    private final ModuleNetwork network;
    private final io.grapevine.core.layers.LayerHost layers;
    private final Set<Cancellable> provided = ConcurrentHashMap.newKeySet();
    private final DeploymentNumber moduleDeployment;
    private final Set<ScheduledFuture<?>> timers = ConcurrentHashMap.newKeySet();
    private volatile RequestHandler handler;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicLong taskFailures = new java.util.concurrent.atomic.AtomicLong();

    ModuleContextImpl(String nodeId, String moduleName, DeploymentNumber moduleDeployment, ModuleThread thread,
            ModuleNetwork network, io.grapevine.core.layers.LayerHost layers, Consumer<String> onTaskFailure) {
        this.layers = layers;
        this.nodeId = nodeId;
        this.moduleDeployment = moduleDeployment;
        this.network = network;
        this.moduleName = moduleName;
        this.random = new Random((nodeId + "/" + moduleName).hashCode());
        this.thread = thread;
        this.onTaskFailure = onTaskFailure;
    }

    @Override
    public String nodeId() {
        return nodeId;
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
        return track(thread.scheduler().schedule(guard(task), delay.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Override
    public Cancellable scheduleEvery(Runnable task, Duration interval) {
        // A timer faster than this is a busy loop: it would cost the node's CPU, not help gossip.
        long millis = Math.max(MIN_INTERVAL_MS, interval.toMillis());
        // Fixed delay, not fixed rate: after the module's thread was busy (a handler held it), a fixed
        // rate would run every missed interval back to back, each run queueing the completions of its
        // exchanges, faster than the thread drains them; that queue grew without bound.
        return track(thread.scheduler().scheduleWithFixedDelay(guard(task), millis, millis, TimeUnit.MILLISECONDS));
    }

    @Override
    public void serve(RequestHandler requestHandler) {
        if (!closed) {
            this.handler = requestHandler;
        }
    }

    @Override
    public CompletionStage<byte[]> exchange(String peer, String path, byte[] body, Duration timeout) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("module stopped"));
        }
        String clean = path == null || path.isEmpty() ? "/" : path.startsWith("/") ? path : "/" + path;
        // Completions run on the module's own thread, like everything else of the module.
        return network.exchange(moduleName, moduleDeployment, peer, clean, body == null ? new byte[0] : body, timeout)
                .whenCompleteAsync((answer, failure) -> { }, thread.scheduler());
    }

    @Override
    public List<String> peers() {
        return network.peers();
    }

    @Override
    public <T> Cancellable provide(Class<T> layer, T implementation) {
        if (closed) {
            throw new IllegalStateException("module stopped");
        }
        Cancellable handle = layers.provide(moduleName, layer, implementation);
        provided.add(handle);
        if (closed) {
            // Closed while this ran (a start that overran its bound): close() may have missed it,
            // and a stale provider would refuse the module's next start.
            provided.remove(handle);
            handle.cancel();
            throw new IllegalStateException("module stopped");
        }
        return () -> {
            provided.remove(handle);
            handle.cancel();
        };
    }

    RequestHandler handler() {
        return handler;
    }

    ModuleThread thread() {
        return thread;
    }

    void close() {
        closed = true;
        handler = null;
        timers.forEach(timer -> timer.cancel(false));
        timers.clear();
        provided.forEach(Cancellable::cancel);
        provided.clear();
    }

    private Cancellable track(ScheduledFuture<?> future) {
        if (closed) {
            future.cancel(false);
        }
        timers.add(future);
        return () -> {
            future.cancel(false);
            timers.remove(future);
        };
    }

    private Runnable guard(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                // A module that fails on every tick would flood the log: report 1, 10, 100, ... times.
                long count = taskFailures.incrementAndGet();
                if (powerOfTen(count)) {
                    onTaskFailure.accept("timer task threw " + e + " (" + count + " times so far)");
                }
            }
        };
    }

    /** 1, 10, 100, ...: without a regular expression, since a broken timer may fail 100 times a second. */
    static boolean powerOfTen(long count) {
        long n = count;
        while (n >= 10 && n % 10 == 0) {
            n /= 10;
        }
        return n == 1;
    }
}
