package io.grapevine.module.support;

import io.grapevine.api.Cancellable;
import io.grapevine.api.ModuleContext;
import java.time.Duration;

/**
 * The driver's one timer: fires {@code task} at the protocol's next wake-up, and moves earlier when
 * the protocol asks for an earlier one. A wake-up that comes early does no harm: the protocol
 * checks {@code now} itself.
 */
public final class Wakeup {
    private final ModuleContext context;
    private final Runnable task;
    private Cancellable pending;
    private long pendingAt = Long.MAX_VALUE;
    private long generation;

    public Wakeup(ModuleContext context, Runnable task) {
        this.context = context;
        this.task = task;
    }

    /**
     * Makes sure the task runs at {@code when} at the latest ({@code now} is the same clock);
     * {@code Long.MAX_VALUE} means no wake-up is needed.
     */
    public synchronized void at(long when, long now) {
        if (when == Long.MAX_VALUE || pending != null && pendingAt <= when) {
            return;
        }
        if (pending != null) {
            pending.cancel();
        }
        long mine = ++generation;
        pendingAt = when;
        pending = context.schedule(() -> fire(mine), Duration.ofMillis(Math.max(0, when - now)));
    }

    private void fire(long mine) {
        synchronized (this) {
            if (mine != generation) {
                return; // replaced by an earlier timer
            }
            pending = null;
            pendingAt = Long.MAX_VALUE;
        }
        task.run();
    }
}
