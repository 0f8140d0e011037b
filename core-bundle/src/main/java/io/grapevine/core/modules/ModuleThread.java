package io.grapevine.core.modules;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one thread on which everything of one module version runs: life-cycle calls, timers and
 * request handlers. A call that throws or overruns its bound becomes a {@link ModuleCallException};
 * after an overrun the thread is abandoned (interrupted, never waited for), so a module that hangs
 * holds only its own thread, never a core thread.
 */
public final class ModuleThread {
    private final String label;
    private final ScheduledThreadPoolExecutor executor;
    private final AtomicInteger queued = new AtomicInteger();

    ModuleThread(String label) {
        this.label = label;
        this.executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "grapevine-module-" + label);
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    ScheduledThreadPoolExecutor scheduler() {
        return executor;
    }

    /** Runs {@code call} on the module's thread and waits at most {@code bound} for it. */
    <T> T call(String what, Duration bound, Callable<T> call) throws ModuleCallException {
        Future<T> future;
        try {
            future = executor.submit(call);
        } catch (RejectedExecutionException e) {
            throw new ModuleCallException(what + " not called: the module's thread was abandoned");
        }
        try {
            return future.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            abandon();
            throw new ModuleCallException(what + " did not return within " + bound.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new ModuleCallException(what + " threw " + cause.getClass().getName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModuleCallException(what + " interrupted");
        }
    }

    /**
     * Queues {@code call} on the module's thread without waiting: at most {@code maxQueued} wait,
     * a further one is refused at once ({@link java.util.concurrent.RejectedExecutionException}).
     * {@code watchdog} ends the wait: a call still queued after {@code bound} fails as busy, one
     * that started and overran {@code bound} fails and abandons the thread ({@code onOverrun}).
     */
    <T> CompletableFuture<T> submit(String what, Duration bound, int maxQueued, ScheduledExecutorService watchdog,
            Runnable onOverrun, Callable<T> call) {
        if (queued.incrementAndGet() > maxQueued) {
            queued.decrementAndGet();
            throw new RejectedExecutionException(maxQueued + " requests wait for module " + label + " already");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        AtomicLong startedAt = new AtomicLong();
        Future<?> task;
        try {
            task = executor.submit(() -> {
                queued.decrementAndGet();
                if (result.isDone()) {
                    return;
                }
                startedAt.set(System.nanoTime());
                try {
                    result.complete(call.call());
                } catch (Throwable e) {
                    result.completeExceptionally(new ModuleCallException(what + " threw " + e.getClass().getName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage())));
                }
            });
        } catch (RejectedExecutionException e) {
            queued.decrementAndGet();
            return CompletableFuture.failedFuture(new ModuleCallException(what + " not called: the module's thread"
                    + " was abandoned"));
        }
        watch(what, bound, bound.toNanos(), watchdog, onOverrun, result, task, startedAt);
        return result;
    }

    private <T> void watch(String what, Duration bound, long delayNanos, ScheduledExecutorService watchdog,
            Runnable onOverrun, CompletableFuture<T> result, Future<?> task, AtomicLong startedAt) {
        watchdog.schedule(() -> {
            long started = startedAt.get();
            if (result.isDone()) {
                return;
            }
            if (started == 0) {
                task.cancel(false);
                result.completeExceptionally(new ModuleCallException(what + " waited " + bound.toMillis()
                        + " ms behind the module's other work: module busy"));
            } else if (System.nanoTime() - started >= bound.toNanos()) {
                task.cancel(true);
                abandon();
                try {
                    onOverrun.run(); // first, so whoever the failure reaches sees the module failed
                } finally {
                    result.completeExceptionally(new ModuleCallException(what + " did not return within "
                            + bound.toMillis() + " ms"));
                }
            } else {
                watch(what, bound, bound.toNanos() - (System.nanoTime() - started), watchdog, onOverrun, result, task,
                        startedAt);
            }
        }, delayNanos, TimeUnit.NANOSECONDS);
    }

    /** Drops the work waiting on this thread; a request among it is answered busy by its watchdog. */
    void dropQueued() {
        executor.getQueue().clear();
        queued.set(0);
    }

    void abandon() {
        executor.shutdownNow();
    }

    /** True once a call overran its bound (or the module stopped): nothing runs here any more. */
    boolean abandoned() {
        return executor.isShutdown();
    }

    @Override
    public String toString() {
        return label;
    }

    /** A module call that threw, overran its bound, or could not be made. */
    public static final class ModuleCallException extends Exception {
        private static final long serialVersionUID = 1L;

        ModuleCallException(String message) {
            super(message);
        }
    }
}
