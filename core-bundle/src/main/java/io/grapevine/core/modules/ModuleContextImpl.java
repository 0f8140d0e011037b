package io.grapevine.core.modules;

import io.grapevine.api.Cancellable;
import io.grapevine.api.ModuleContext;
import io.grapevine.api.RequestHandler;
import java.time.Duration;
import java.util.Random;
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
    private final String nodeId;
    private final String moduleName;
    private final Random random;
    private final ModuleThread thread;
    private final Consumer<String> onTaskFailure;
    private final Set<ScheduledFuture<?>> timers = ConcurrentHashMap.newKeySet();
    private volatile RequestHandler handler;
    private volatile boolean closed;

    ModuleContextImpl(String nodeId, String moduleName, ModuleThread thread, Consumer<String> onTaskFailure) {
        this.nodeId = nodeId;
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
        long millis = Math.max(1, interval.toMillis());
        return track(thread.scheduler().scheduleAtFixedRate(guard(task), millis, millis, TimeUnit.MILLISECONDS));
    }

    @Override
    public void serve(RequestHandler requestHandler) {
        if (!closed) {
            this.handler = requestHandler;
        }
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
                onTaskFailure.accept("timer task threw " + e);
            }
        };
    }
}
