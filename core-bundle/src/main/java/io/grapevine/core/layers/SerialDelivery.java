package io.grapevine.core.layers;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Delivers one listener's upcalls in order, one at a time, on a shared pool: a listener that
 * blocks holds one pool thread and its own queue, nobody else's. At most {@link #CAPACITY} upcalls
 * wait; beyond that they are dropped and reported, so a stuck listener cannot exhaust memory.
 */
final class SerialDelivery {
    static final int CAPACITY = 10_000;

    private final Executor pool;
    private final Consumer<String> onProblem;
    private final Queue<Runnable> queue = new ArrayDeque<>();
    private boolean running;

    SerialDelivery(Executor pool, Consumer<String> onProblem) {
        this.pool = pool;
        this.onProblem = onProblem;
    }

    void submit(Runnable upcall) {
        synchronized (this) {
            if (queue.size() >= CAPACITY) {
                onProblem.accept("upcall dropped: the listener has " + CAPACITY + " upcalls waiting");
                return;
            }
            queue.add(upcall);
            if (running) {
                return;
            }
            running = true;
        }
        pool.execute(this::drain);
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = queue.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException | Error e) {
                onProblem.accept("listener threw " + e);
            }
        }
    }
}
