package io.grapevine.core.modules;

import java.time.Duration;
import java.util.concurrent.Callable;
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
